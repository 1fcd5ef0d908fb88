"""summarize's grouped breakdowns give the same summary as the per-value filtering they replaced.

The literals below are what the filtering implementation (before the grouped
passes) returned for ``_varied_frame()``: captured once, compared exactly,
floats and key order included. The old code summed per-run rates in
group_by order, so ``sem`` could differ in its last digit between two calls;
the captured values are the run-number-ordered sums the grouped code makes
every time.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from pytest_pare.report.stats import frame_from_rows, summarize

_OUTCOME_SUCCESS = {"P": True, "F": False, "E": None, "N": None}


def _row(sid: str, apps: list[str], tags: list[str], noise: str | None, run: int, o: str) -> dict:
    """One run: ``o`` is P(assed), F(ailed), E(rror) or N(o validation)."""
    err = o == "E"
    return {
        "scenario_id": sid,
        "run_number": run,
        "success": _OUTCOME_SUCCESS[o],
        "status": "error" if err else ("passed" if o == "P" else "failed"),
        "apps": apps,
        "tags": tags,
        "noise_id": noise,
        "exception_type": ("TimeoutError" if run % 2 else "KeyError") if err else None,
        "exception_message": f"{sid} run {run} raised" if err else None,
        # A passing run's empty rationale must not become a failure reason.
        "rationale": f"{sid} run {run} missed a write" if o == "F" else ("" if o == "P" else None),
        "user_model": "gpt-5",
        # Noise level n2 ran with a different observe model: a second model configuration.
        "observe_model": "claude" if noise == "n2" else "gpt-5",
        "execute_model": "gpt-5",
        "proposal_count": run % 3 if o != "N" else None,
        "acceptance_count": (run % 3) // 2,
        "run_duration": 0.1 * run + len(sid) / 7,
        "cached": run == 2,
    }


def _varied_frame() -> pl.DataFrame:
    """Five scenarios, 1-3 runs, shared and missing apps/tags, three noise levels, errors, nulls."""
    layout = [
        (
            "email_reply",
            ["EmailClientApp", "ContactsApp"],
            ["email", "easy"],
            {None: "PFP", "n1": "FFE"},
        ),
        ("calendar_move", ["CalendarApp"], ["calendar"], {None: "PPP", "n1": "PNF"}),
        ("shop_refund", ["ShoppingApp", "EmailClientApp"], [], {None: "EEF", "n2": "PPE"}),
        ("note_only", [], ["notes", "easy"], {None: "NPF"}),
        ("cab_book", ["CabApp"], ["travel"], {None: "FF", "n1": "PF"}),
    ]
    return frame_from_rows(
        [
            _row(sid, apps, tags, noise, run, o)
            for sid, apps, tags, by_noise in layout
            for noise, outcomes in by_noise.items()
            for run, o in enumerate(outcomes, start=1)
        ]
    )


# Data, laid out by hand: one breakdown block per few lines.
# fmt: off
EXPECTED_COUNTED = {
    'runs': 25,
    'passed': 10,
    'failed': 9,
    'errors': 4, 'agent_errors': 0, 'infra_errors': 0,
    'no_validation': 2,
    'successes': 10,
    'trials': 23,
    'rate': 0.43478260869565216,
    'sem': 0.10154001255495228,
    'wilson_low': 0.25634635325674215,
    'wilson_high': 0.6318862491498354,
    'cases': 9,
    'k': 2,
    'pass_at_1': 0.4259259259259259,
    'pass_at_k': 0.6666666666666666,
    'pass_hat_k': 0.18518518518518517,
    'scenarios': 5,
    'exceptions_in_success_rate': 'counted as failures',
    'infra_errors_in_success_rate': 'excluded',
    'exception_types': {'KeyError': 1, 'TimeoutError': 3},
    'cached': 9,
    'mean_duration': 1.729142857142857,
    'share_of_runs_with_proposal': 0.64,
    'proposals_per_run': 0.96,
    'acceptance_rate': 0.375,
    'proposals': 24,
    'acceptances': 9,
    'model_configs': ['gpt-5', 'user=gpt-5 observe=claude execute=gpt-5'],
    'by_app': [
        {
            'key': 'CabApp', 'runs': 4, 'passed': 1, 'failed': 3, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 0,
            'successes': 1, 'trials': 4, 'rate': 0.25, 'sem': 0.25,
            'wilson_low': 0.04558726080970055, 'wilson_high': 0.6993581574175981, 'cases': 2,
            'k': 2, 'pass_at_1': 0.25, 'pass_at_k': 0.5, 'pass_hat_k': 0.0,
        },
        {
            'key': 'CalendarApp', 'runs': 6, 'passed': 4, 'failed': 1, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 1, 'successes': 4, 'trials': 5, 'rate': 0.8,
            'sem': 0.16666666666666666, 'wilson_low': 0.37553462976252533,
            'wilson_high': 0.9637758913675698, 'cases': 2, 'k': 2, 'pass_at_1': 0.75,
            'pass_at_k': 1.0, 'pass_hat_k': 0.5,
        },
        {
            'key': 'ContactsApp', 'runs': 6, 'passed': 2, 'failed': 3, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 0, 'successes': 2, 'trials': 6, 'rate': 0.3333333333333333,
            'sem': 0.16666666666666669, 'wilson_low': 0.09677141110578041,
            'wilson_high': 0.700006684861608, 'cases': 2, 'k': 2, 'pass_at_1': 0.3333333333333333,
            'pass_at_k': 0.5, 'pass_hat_k': 0.16666666666666666,
        },
        {
            'key': 'EmailClientApp', 'runs': 12, 'passed': 4, 'failed': 4, 'errors': 4,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 0, 'successes': 4, 'trials': 12, 'rate': 0.3333333333333333,
            'sem': 0.08333333333333333, 'wilson_low': 0.13812009109121315,
            'wilson_high': 0.6093779111272004, 'cases': 4, 'k': 2, 'pass_at_1': 0.3333333333333333,
            'pass_at_k': 0.5, 'pass_hat_k': 0.16666666666666666,
        },
        {
            'key': 'ShoppingApp', 'runs': 6, 'passed': 2, 'failed': 1, 'errors': 3,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 0, 'successes': 2, 'trials': 6, 'rate': 0.3333333333333333,
            'sem': 0.16666666666666669, 'wilson_low': 0.09677141110578041,
            'wilson_high': 0.700006684861608, 'cases': 2, 'k': 2, 'pass_at_1': 0.3333333333333333,
            'pass_at_k': 0.5, 'pass_hat_k': 0.16666666666666666,
        },
    ],
    'by_tag': [
        {
            'key': 'calendar', 'runs': 6, 'passed': 4, 'failed': 1, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 1, 'successes': 4, 'trials': 5, 'rate': 0.8,
            'sem': 0.16666666666666666, 'wilson_low': 0.37553462976252533,
            'wilson_high': 0.9637758913675698, 'cases': 2, 'k': 2, 'pass_at_1': 0.75,
            'pass_at_k': 1.0, 'pass_hat_k': 0.5,
        },
        {
            'key': 'easy', 'runs': 9, 'passed': 3, 'failed': 4, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 1,
            'successes': 3, 'trials': 8, 'rate': 0.375, 'sem': 0.055555555555555566,
            'wilson_low': 0.13684428582359742, 'wilson_high': 0.6942576053973727, 'cases': 3,
            'k': 2, 'pass_at_1': 0.38888888888888884, 'pass_at_k': 0.6666666666666666,
            'pass_hat_k': 0.1111111111111111,
        },
        {
            'key': 'email', 'runs': 6, 'passed': 2, 'failed': 3, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 0,
            'successes': 2, 'trials': 6, 'rate': 0.3333333333333333, 'sem': 0.16666666666666669,
            'wilson_low': 0.09677141110578041, 'wilson_high': 0.700006684861608, 'cases': 2,
            'k': 2, 'pass_at_1': 0.3333333333333333, 'pass_at_k': 0.5,
            'pass_hat_k': 0.16666666666666666,
        },
        {
            'key': 'notes', 'runs': 3, 'passed': 1, 'failed': 1, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 1,
            'successes': 1, 'trials': 2, 'rate': 0.5, 'sem': 0.5,
            'wilson_low': 0.09453120573423074, 'wilson_high': 0.9054687942657693, 'cases': 1,
            'k': 2, 'pass_at_1': 0.5, 'pass_at_k': 1.0, 'pass_hat_k': 0.0,
        },
        {
            'key': 'travel', 'runs': 4, 'passed': 1, 'failed': 3, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 0,
            'successes': 1, 'trials': 4, 'rate': 0.25, 'sem': 0.25,
            'wilson_low': 0.04558726080970055, 'wilson_high': 0.6993581574175981, 'cases': 2,
            'k': 2, 'pass_at_1': 0.25, 'pass_at_k': 0.5, 'pass_hat_k': 0.0,
        },
    ],
    'by_noise': [
        {
            'key': 'clean', 'runs': 14, 'passed': 6, 'failed': 5, 'errors': 2,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 1,
            'successes': 6, 'trials': 13, 'rate': 0.46153846153846156, 'sem': 0.03333333333333333,
            'wilson_low': 0.23206067809538303, 'wilson_high': 0.7085620428549398, 'cases': 5,
            'k': 2, 'pass_at_1': 0.4333333333333333, 'pass_at_k': 0.6,
            'pass_hat_k': 0.26666666666666666,
        },
        {
            'key': 'n1', 'runs': 8, 'passed': 2, 'failed': 4, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 1,
            'successes': 2, 'trials': 7, 'rate': 0.2857142857142857, 'sem': 0.22222222222222224,
            'wilson_low': 0.08221892400405678, 'wilson_high': 0.6410655481673808, 'cases': 3,
            'k': 2, 'pass_at_1': 0.3333333333333333, 'pass_at_k': 0.6666666666666666,
            'pass_hat_k': 0.0,
        },
        {
            'key': 'n2', 'runs': 3, 'passed': 2, 'failed': 0, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 0,
            'successes': 2, 'trials': 3, 'rate': 0.6666666666666666, 'sem': 0.33333333333333337,
            'wilson_low': 0.2076596008020477, 'wilson_high': 0.9385080552796037, 'cases': 1,
            'k': 2, 'pass_at_1': 0.6666666666666666, 'pass_at_k': 1.0,
            'pass_hat_k': 0.3333333333333333,
        },
    ],
    'by_group': [
        {
            'key': 'gpt-5 @ clean', 'runs': 14, 'passed': 6, 'failed': 5, 'errors': 2,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 1, 'successes': 6, 'trials': 13, 'rate': 0.46153846153846156,
            'sem': 0.03333333333333333, 'wilson_low': 0.23206067809538303,
            'wilson_high': 0.7085620428549398, 'cases': 5, 'k': 2, 'pass_at_1': 0.4333333333333333,
            'pass_at_k': 0.6, 'pass_hat_k': 0.26666666666666666,
        },
        {
            'key': 'gpt-5 @ n1', 'runs': 8, 'passed': 2, 'failed': 4, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 1, 'successes': 2, 'trials': 7, 'rate': 0.2857142857142857,
            'sem': 0.22222222222222224, 'wilson_low': 0.08221892400405678,
            'wilson_high': 0.6410655481673808, 'cases': 3, 'k': 2, 'pass_at_1': 0.3333333333333333,
            'pass_at_k': 0.6666666666666666, 'pass_hat_k': 0.0,
        },
        {
            'key': 'user=gpt-5 observe=claude execute=gpt-5 @ n2', 'runs': 3, 'passed': 2,
            'failed': 0, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 0, 'successes': 2, 'trials': 3,
            'rate': 0.6666666666666666, 'sem': 0.33333333333333337,
            'wilson_low': 0.2076596008020477, 'wilson_high': 0.9385080552796037, 'cases': 1,
            'k': 2, 'pass_at_1': 0.6666666666666666, 'pass_at_k': 1.0,
            'pass_hat_k': 0.3333333333333333,
        },
    ],
    'by_scenario': [
        {
            'scenario_id': 'cab_book', 'runs': 4, 'passed': 1, 'failed': 3, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0,
            'apps': ['CabApp'], 'tags': ['travel'], 'reason': 'cab_book run 1 missed a write',
        },
        {
            'scenario_id': 'calendar_move', 'runs': 6, 'passed': 4, 'failed': 1, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0,
            'apps': ['CalendarApp'], 'tags': ['calendar'],
            'reason': 'calendar_move run 3 missed a write',
        },
        {
            'scenario_id': 'email_reply', 'runs': 6, 'passed': 2, 'failed': 3, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0,
            'apps': ['EmailClientApp', 'ContactsApp'], 'tags': ['email', 'easy'],
            'reason': 'email_reply run 1 missed a write',
        },
        {
            'scenario_id': 'note_only', 'runs': 3, 'passed': 1, 'failed': 1, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0,
            'apps': [], 'tags': ['notes', 'easy'], 'reason': 'note_only run 3 missed a write',
        },
        {
            'scenario_id': 'shop_refund', 'runs': 6, 'passed': 2, 'failed': 1, 'errors': 3,
            'agent_errors': 0, 'infra_errors': 0,
            'apps': ['ShoppingApp', 'EmailClientApp'], 'tags': [],
            'reason': 'shop_refund run 1 raised',
        },
    ],
    'oracle_step_errors': None,
}

EXPECTED_EXCLUDED = {
    'runs': 25,
    'passed': 10,
    'failed': 9,
    'errors': 4, 'agent_errors': 0, 'infra_errors': 0,
    'no_validation': 2,
    'successes': 10,
    'trials': 19,
    'rate': 0.5263157894736842,
    'sem': 0.10033955955097848,
    'wilson_low': 0.3170780924511316,
    'wilson_high': 0.7267019483882042,
    'cases': 9,
    'k': 1,
    'pass_at_1': 0.4629629629629629,
    'pass_at_k': 0.462962962962963,
    'pass_hat_k': 0.4629629629629629,
    'scenarios': 5,
    'exceptions_in_success_rate': 'excluded',
    'infra_errors_in_success_rate': 'excluded',
    'exception_types': {'KeyError': 1, 'TimeoutError': 3},
    'cached': 9,
    'mean_duration': 1.729142857142857,
    'share_of_runs_with_proposal': 0.64,
    'proposals_per_run': 0.96,
    'acceptance_rate': 0.375,
    'proposals': 24,
    'acceptances': 9,
    'model_configs': ['gpt-5', 'user=gpt-5 observe=claude execute=gpt-5'],
    'by_app': [
        {
            'key': 'CabApp', 'runs': 4, 'passed': 1, 'failed': 3, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 0,
            'successes': 1, 'trials': 4, 'rate': 0.25, 'sem': 0.25,
            'wilson_low': 0.04558726080970055, 'wilson_high': 0.6993581574175981, 'cases': 2,
            'k': 1, 'pass_at_1': 0.25, 'pass_at_k': 0.25, 'pass_hat_k': 0.25,
        },
        {
            'key': 'CalendarApp', 'runs': 6, 'passed': 4, 'failed': 1, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 1, 'successes': 4, 'trials': 5, 'rate': 0.8,
            'sem': 0.16666666666666666, 'wilson_low': 0.37553462976252533,
            'wilson_high': 0.9637758913675698, 'cases': 2, 'k': 1, 'pass_at_1': 0.75,
            'pass_at_k': 0.75, 'pass_hat_k': 0.75,
        },
        {
            'key': 'ContactsApp', 'runs': 6, 'passed': 2, 'failed': 3, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 0, 'successes': 2, 'trials': 5, 'rate': 0.4,
            'sem': 0.2886751345948129, 'wilson_low': 0.11762077423264783,
            'wilson_high': 0.769275718723987, 'cases': 2, 'k': 1, 'pass_at_1': 0.3333333333333333,
            'pass_at_k': 0.33333333333333337, 'pass_hat_k': 0.3333333333333333,
        },
        {
            'key': 'EmailClientApp', 'runs': 12, 'passed': 4, 'failed': 4, 'errors': 4,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 0, 'successes': 4, 'trials': 8, 'rate': 0.5,
            'sem': 0.09622504486493763, 'wilson_low': 0.21521606221387757,
            'wilson_high': 0.7847839377861224, 'cases': 4, 'k': 1,
            'pass_at_1': 0.41666666666666663, 'pass_at_k': 0.4166666666666667,
            'pass_hat_k': 0.41666666666666663,
        },
        {
            'key': 'ShoppingApp', 'runs': 6, 'passed': 2, 'failed': 1, 'errors': 3,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 0, 'successes': 2, 'trials': 3, 'rate': 0.6666666666666666,
            'sem': 0.33333333333333337, 'wilson_low': 0.2076596008020477,
            'wilson_high': 0.9385080552796037, 'cases': 2, 'k': 1, 'pass_at_1': 0.5,
            'pass_at_k': 0.5, 'pass_hat_k': 0.5,
        },
    ],
    'by_tag': [
        {
            'key': 'calendar', 'runs': 6, 'passed': 4, 'failed': 1, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 1, 'successes': 4, 'trials': 5, 'rate': 0.8,
            'sem': 0.16666666666666666, 'wilson_low': 0.37553462976252533,
            'wilson_high': 0.9637758913675698, 'cases': 2, 'k': 1, 'pass_at_1': 0.75,
            'pass_at_k': 0.75, 'pass_hat_k': 0.75,
        },
        {
            'key': 'easy', 'runs': 9, 'passed': 3, 'failed': 4, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 1,
            'successes': 3, 'trials': 7, 'rate': 0.42857142857142855, 'sem': 0.055555555555555566,
            'wilson_low': 0.15821985525146975, 'wilson_high': 0.7495416354723428, 'cases': 3,
            'k': 1, 'pass_at_1': 0.38888888888888884, 'pass_at_k': 0.3888888888888889,
            'pass_hat_k': 0.38888888888888884,
        },
        {
            'key': 'email', 'runs': 6, 'passed': 2, 'failed': 3, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 0,
            'successes': 2, 'trials': 5, 'rate': 0.4, 'sem': 0.2886751345948129,
            'wilson_low': 0.11762077423264783, 'wilson_high': 0.769275718723987, 'cases': 2,
            'k': 1, 'pass_at_1': 0.3333333333333333, 'pass_at_k': 0.33333333333333337,
            'pass_hat_k': 0.3333333333333333,
        },
        {
            'key': 'notes', 'runs': 3, 'passed': 1, 'failed': 1, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 1,
            'successes': 1, 'trials': 2, 'rate': 0.5, 'sem': 0.5,
            'wilson_low': 0.09453120573423074, 'wilson_high': 0.9054687942657693, 'cases': 1,
            'k': 1, 'pass_at_1': 0.5, 'pass_at_k': 0.5, 'pass_hat_k': 0.5,
        },
        {
            'key': 'travel', 'runs': 4, 'passed': 1, 'failed': 3, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 0,
            'successes': 1, 'trials': 4, 'rate': 0.25, 'sem': 0.25,
            'wilson_low': 0.04558726080970055, 'wilson_high': 0.6993581574175981, 'cases': 2,
            'k': 1, 'pass_at_1': 0.25, 'pass_at_k': 0.25, 'pass_hat_k': 0.25,
        },
    ],
    'by_noise': [
        {
            'key': 'clean', 'runs': 14, 'passed': 6, 'failed': 5, 'errors': 2,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 1,
            'successes': 6, 'trials': 11, 'rate': 0.5454545454545454, 'sem': 0.055555555555555546,
            'wilson_low': 0.280091537409322, 'wilson_high': 0.7872872837754024, 'cases': 5, 'k': 1,
            'pass_at_1': 0.4333333333333333, 'pass_at_k': 0.4333333333333334,
            'pass_hat_k': 0.4333333333333333,
        },
        {
            'key': 'n1', 'runs': 8, 'passed': 2, 'failed': 4, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 1,
            'successes': 2, 'trials': 6, 'rate': 0.3333333333333333, 'sem': 0.22222222222222224,
            'wilson_low': 0.09677141110578041, 'wilson_high': 0.700006684861608, 'cases': 3,
            'k': 1, 'pass_at_1': 0.3333333333333333, 'pass_at_k': 0.3333333333333333,
            'pass_hat_k': 0.3333333333333333,
        },
        {
            'key': 'n2', 'runs': 3, 'passed': 2, 'failed': 0, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 0,
            'successes': 2, 'trials': 2, 'rate': 1.0, 'sem': 0.0,
            'wilson_low': 0.34238022750665303, 'wilson_high': 1.0, 'cases': 1, 'k': 1,
            'pass_at_1': 1.0, 'pass_at_k': 1.0, 'pass_hat_k': 1.0,
        },
    ],
    'by_group': [
        {
            'key': 'gpt-5 @ clean', 'runs': 14, 'passed': 6, 'failed': 5, 'errors': 2,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 1, 'successes': 6, 'trials': 11, 'rate': 0.5454545454545454,
            'sem': 0.055555555555555546, 'wilson_low': 0.280091537409322,
            'wilson_high': 0.7872872837754024, 'cases': 5, 'k': 1, 'pass_at_1': 0.4333333333333333,
            'pass_at_k': 0.4333333333333334, 'pass_hat_k': 0.4333333333333333,
        },
        {
            'key': 'gpt-5 @ n1', 'runs': 8, 'passed': 2, 'failed': 4, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0,
            'no_validation': 1, 'successes': 2, 'trials': 6, 'rate': 0.3333333333333333,
            'sem': 0.22222222222222224, 'wilson_low': 0.09677141110578041,
            'wilson_high': 0.700006684861608, 'cases': 3, 'k': 1, 'pass_at_1': 0.3333333333333333,
            'pass_at_k': 0.3333333333333333, 'pass_hat_k': 0.3333333333333333,
        },
        {
            'key': 'user=gpt-5 observe=claude execute=gpt-5 @ n2', 'runs': 3, 'passed': 2,
            'failed': 0, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0, 'no_validation': 0, 'successes': 2, 'trials': 2,
            'rate': 1.0,
            'sem': 0.0, 'wilson_low': 0.34238022750665303, 'wilson_high': 1.0, 'cases': 1, 'k': 1,
            'pass_at_1': 1.0, 'pass_at_k': 1.0, 'pass_hat_k': 1.0,
        },
    ],
    'by_scenario': [
        {
            'scenario_id': 'cab_book', 'runs': 4, 'passed': 1, 'failed': 3, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0,
            'apps': ['CabApp'], 'tags': ['travel'], 'reason': 'cab_book run 1 missed a write',
        },
        {
            'scenario_id': 'calendar_move', 'runs': 6, 'passed': 4, 'failed': 1, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0,
            'apps': ['CalendarApp'], 'tags': ['calendar'],
            'reason': 'calendar_move run 3 missed a write',
        },
        {
            'scenario_id': 'email_reply', 'runs': 6, 'passed': 2, 'failed': 3, 'errors': 1,
            'agent_errors': 0, 'infra_errors': 0,
            'apps': ['EmailClientApp', 'ContactsApp'], 'tags': ['email', 'easy'],
            'reason': 'email_reply run 1 missed a write',
        },
        {
            'scenario_id': 'note_only', 'runs': 3, 'passed': 1, 'failed': 1, 'errors': 0,
            'agent_errors': 0, 'infra_errors': 0,
            'apps': [], 'tags': ['notes', 'easy'], 'reason': 'note_only run 3 missed a write',
        },
        {
            'scenario_id': 'shop_refund', 'runs': 6, 'passed': 2, 'failed': 1, 'errors': 3,
            'agent_errors': 0, 'infra_errors': 0,
            'apps': ['ShoppingApp', 'EmailClientApp'], 'tags': [],
            'reason': 'shop_refund run 1 raised',
        },
    ],
    'oracle_step_errors': None,
}
# fmt: on


@pytest.mark.parametrize(
    ("exclude", "expected"),
    [(False, EXPECTED_COUNTED), (True, EXPECTED_EXCLUDED)],
    ids=["exceptions-counted", "exceptions-excluded"],
)
def test_summary_of_a_varied_frame_is_unchanged_to_the_last_digit_and_key(
    exclude: bool, expected: dict
) -> None:
    got = summarize(_varied_frame(), exclude_exceptions=exclude)
    assert got == expected
    # json.dumps keeps key order and writes floats by repr: equal text means
    # the same keys in the same order and bit-identical floats.
    assert json.dumps(got) == json.dumps(expected)


def test_the_summary_is_the_same_on_every_call() -> None:
    df = _varied_frame()
    first = json.dumps(summarize(df))
    assert all(json.dumps(summarize(df)) == first for _ in range(10))
