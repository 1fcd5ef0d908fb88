"""--pare-oracle calls no model: model options given with it are named in one warning."""

from __future__ import annotations


def test_model_options_given_with_oracle_are_named_in_one_warning(
    pare_project, monkeypatch
) -> None:
    pare_project.add("alpha_ok")
    monkeypatch.setenv("PARE_REPLAY", "recordings")
    result = pare_project.run("--pare-model=gpt-5", "--pare-observe-provider=openai")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(
        [
            "*warnings summary*",
            "*PytestConfigWarning: --pare-oracle replays the expected actions and calls no "
            "model: --pare-model, --pare-observe-provider, --pare-replay ignored*",
        ]
    )


def test_oracle_alone_warns_of_nothing(pare_project) -> None:
    pare_project.add("alpha_ok")
    result = pare_project.run()
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*warnings summary*")
