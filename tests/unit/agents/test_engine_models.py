"""Model aliases, per-role resolution and the start-of-session engine check."""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from pytest_pare.agents.credentials import ENDPOINT_TIMEOUT_SECONDS
from pytest_pare.agents.engines import check_engines
from pytest_pare.agents.errors import (
    CredentialsError,
    EndpointUnavailable,
    PareFatalEngineError,
    UnknownModelError,
)
from pytest_pare.agents.models import (
    MODEL_ALIASES,
    resolve_model,
    validate_engine_options,
)
from pytest_pare.testing import CompletionServer


def _config(**kw: object) -> SimpleNamespace:
    base: dict[str, object] = {}
    for role in ("user", "observe", "execute"):
        base[f"{role}_model"] = "reference"
        base[f"{role}_provider"] = None
        base[f"{role}_endpoint"] = None
    base.update(replay_dir=None, record_dir=None)
    base.update(kw)
    return SimpleNamespace(**base)


def test_aliases_cover_every_provider_family() -> None:
    providers = {alias.provider for alias in MODEL_ALIASES.values()}
    assert {"openai", "anthropic", "gemini", "fireworks_ai", "bedrock", "scripted"} <= providers


def test_an_alias_resolves_to_its_model_and_provider() -> None:
    model = resolve_model("claude-sonnet-4")
    assert model.provider == "anthropic"
    assert model.model.startswith("claude-sonnet-4")


def test_an_explicit_provider_overrides_the_alias() -> None:
    model = resolve_model("gpt-5", "hosted_vllm", "http://127.0.0.1:8000/v1")
    assert (model.model, model.provider, model.endpoint) == (
        "gpt-5",
        "hosted_vllm",
        "http://127.0.0.1:8000/v1",
    )


def test_a_provider_prefix_in_the_name_is_its_provider() -> None:
    assert resolve_model("ollama_chat/llama3.2") == resolve_model("llama3.2", "ollama_chat")


def test_a_bare_name_with_an_endpoint_talks_to_an_openai_compatible_server() -> None:
    assert resolve_model("Qwen/Qwen3-8B", endpoint="http://h:8000/v1").provider == "hosted_vllm"


def test_an_unknown_name_without_provider_lists_the_known_aliases() -> None:
    with pytest.raises(UnknownModelError, match="unknown model 'gtp-5'.*gpt-5.*reference"):
        resolve_model("gtp-5")


def test_the_validation_names_the_role_option_to_fix() -> None:
    with pytest.raises(UnknownModelError, match="--pare-observe-model"):
        validate_engine_options(_config(observe_model="nonsense"))


def test_an_unknown_scripted_policy_is_refused() -> None:
    with pytest.raises(UnknownModelError, match="reference, idle"):
        resolve_model("oracle", "scripted")


def test_scripted_policies_need_no_credentials() -> None:
    check_engines(_config(), environ={})


def _refuse_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the check opened a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_missing_credentials_raise_naming_the_variable_before_any_import_or_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A None entry makes any import of the module fail, so reaching litellm
    # (or our wrapper of it) would surface as an ImportError, not the error below.
    monkeypatch.setitem(sys.modules, "litellm", None)
    monkeypatch.setitem(sys.modules, "pytest_pare.agents._litellm", None)
    _refuse_connections(monkeypatch)
    with pytest.raises(CredentialsError, match="OPENAI_API_KEY"):
        check_engines(_config(observe_model="gpt-5"), environ={})


def test_bedrock_accepts_either_keys_or_a_profile() -> None:
    cfg = _config(execute_model="bedrock-nova-pro")
    check_engines(cfg, environ={"AWS_PROFILE": "dev"})
    with pytest.raises(CredentialsError, match="AWS_ACCESS_KEY_ID \\+ AWS_SECRET_ACCESS_KEY"):
        check_engines(cfg, environ={"AWS_ACCESS_KEY_ID": "x"})


def test_an_endpoint_that_answers_passes_the_check() -> None:
    with CompletionServer([]) as server:
        check_engines(_config(user_model="any", user_endpoint=server.url), environ={})


def test_an_endpoint_that_does_not_answer_fails_with_a_bounded_connection_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with CompletionServer([]) as server:
        url = server.url
    timeouts: list[object] = []
    real_create_connection = socket.create_connection

    def create_connection(address: object, timeout: object = None, *args: object) -> object:
        timeouts.append(timeout)
        return real_create_connection(address, timeout, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", create_connection)
    with pytest.raises(EndpointUnavailable, match="does not answer"):
        check_engines(_config(user_model="any", user_endpoint=url), environ={})
    # The server is gone: the refusal is immediate, and a silent host would be
    # given up on after the bounded timeout, never waited on forever.
    assert timeouts == [ENDPOINT_TIMEOUT_SECONDS]
    assert ENDPOINT_TIMEOUT_SECONDS <= 5


def test_replay_mode_checks_only_the_replay_directory(tmp_path: object) -> None:
    check_engines(_config(observe_model="gpt-5", replay_dir=str(tmp_path)), environ={})


def test_the_check_never_imports_litellm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "litellm", None)
    monkeypatch.setitem(sys.modules, "pytest_pare.agents._litellm", None)
    check_engines(_config(), environ={})
    check_engines(_config(observe_model="gpt-5"), environ={"OPENAI_API_KEY": "sk-test"})


def test_an_endpoint_that_is_not_an_http_url_names_the_expected_form() -> None:
    for endpoint in ("notaurl", "localhost:8000/v1"):
        with pytest.raises(EndpointUnavailable, match="not an http\\(s\\) URL.*http://localhost"):
            check_engines(_config(user_model="any", user_endpoint=endpoint), environ={})


def test_recording_into_a_file_or_while_replaying_is_refused_before_any_run(
    tmp_path: Path,
) -> None:
    file = tmp_path / "calls.json"
    file.write_text("{}")
    with pytest.raises(PareFatalEngineError, match="is a file: give a directory"):
        check_engines(_config(record_dir=str(file)), environ={})
    with pytest.raises(PareFatalEngineError, match="both given.*keep one"):
        check_engines(_config(record_dir=str(tmp_path / "new"), replay_dir=str(tmp_path)), {})
    check_engines(_config(record_dir=str(tmp_path / "new")), environ={})  # created on first call


def test_every_credential_variable_the_check_accepts_is_read_by_litellm() -> None:
    import importlib.util

    from pytest_pare.agents.credentials import PROVIDER_CREDENTIALS

    spec = importlib.util.find_spec("litellm")  # located, not imported (3 s)
    assert spec is not None and spec.origin is not None
    source = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in Path(spec.origin).parent.rglob("*.py")
    )
    accepted = {v for groups in PROVIDER_CREDENTIALS.values() for g in groups for v in g}
    assert sorted(v for v in accepted if v not in source) == []


def test_a_busy_server_that_does_not_answer_the_model_listing_passes_the_check() -> None:
    from pytest_pare.testing import Reply

    with CompletionServer([], models_reply=Reply.hang()) as server:
        check_engines(_config(user_model="any", user_endpoint=server.url), environ={})
        assert server.waiting.is_set()  # the listing was asked for, and never answered


def test_a_refused_connection_is_named_as_refused() -> None:
    from pytest_pare.testing import unused_url

    with pytest.raises(EndpointUnavailable, match="does not answer.*refused"):
        check_engines(_config(user_model="any", user_endpoint=unused_url()), environ={})


def test_a_provider_model_name_with_an_unknown_provider_says_the_provider_is_unknown() -> None:
    with pytest.raises(UnknownModelError) as caught:
        validate_engine_options(_config(user_model="foo/bar"))
    message = str(caught.value)
    assert "'foo' is not a provider pytest-pare knows" in message
    assert "--pare-user-provider=foo and the model as 'bar'" in message
    assert "write it as 'provider/model'" not in message  # it already is
