"""Regression-testing SDKs: each SDK under test is driven through a small driver of its own
language that speaks one protocol (`sdks/PROTOCOL.md`), in an environment of its own built on
demand under `.sdk-envs/`. The suite's side: `envs` builds, `catalogue` lists the SDKs,
`driver` runs a driver process, `session` speaks the API's terms, `smoke` is the smoke session.
"""
