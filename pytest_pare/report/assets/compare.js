/* pytest-pare comparison page: the per-scenario filter (state in the URL hash). */
(function () {
  const q = document.getElementById("c-q"), ch = document.getElementById("c-change");
  const rows = [...document.querySelectorAll("#change-rows tr")];
  function apply() {
    const text = q.value.toLowerCase(), want = ch.value;
    let shown = 0;
    for (const r of rows) {
      const ok = (!text || r.dataset.key.toLowerCase().includes(text)) &&
        (!want || r.dataset.change === want);
      r.hidden = !ok; if (ok) shown++;
    }
    document.getElementById("c-count").textContent = shown + " of " + rows.length;
  }
  q.addEventListener("input", apply); ch.addEventListener("input", apply);
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get("change")) ch.value = params.get("change");
  if (params.get("q")) q.value = params.get("q");
  apply();
})();
