"""Regression-testing SDKs: each SDK under test is driven through a small driver of its own
language that speaks one protocol (`sdks/PROTOCOL.md`), in an environment of its own built on
demand under `.sdk-envs/`. The suite's side: `envs` builds, `catalogue` lists the SDKs,
`driver` runs a driver process, `session` speaks the API's terms, `smoke` is the smoke session.
The generated checks: `requirements` (SDK-REQ-..., SDK-RESP-...), `wire` and `request_checks`
judge what an SDK sent, `answers` and `response_checks` what it made of an answer, `search`
finds each distinct violation with its minimal case, `checks` runs both sides, `runner` and
`report` turn them into a report.
"""
