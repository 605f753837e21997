"""The few lines that point each SDK at a space, as the README shows them; the `sdk` tests run
them as written (with the mock's port and credentials put in), so the README cannot drift from
what works. `{origin}` is `http://127.0.0.1:PORT` or `https://example.signalwire.com`, `{host}`
its host, `{project}` and `{token}` the credentials, `{call}` an in-progress call (JavaScript's
own braces stay as they are: `render` replaces only these names)."""

from __future__ import annotations

POINTING = {
    "signalwire-python": """\
from signalwire.rest import Client

# signalwire_space_url is needed (else KeyError 'SIGNALWIRE_SPACE_URL'), and the SDK makes it
# https; setting the API's base URL afterwards points it at any origin, http included.
client = Client("{project}", "{token}", signalwire_space_url="{host}")
client.api.base_url = "{origin}/api/laml"
""",
    "twilio-python": """\
from twilio.rest import Client

client = Client("{project}", "{token}")
client.api.base_url = "{origin}/api/laml"
""",
    "signalwire-node": """\
const { RestClient } = require('@signalwire/compatibility-api');

// signalwireSpaceUrl is needed (else SIGNALWIRE_SPACE_URL), and the SDK makes it https;
// setting the API's base URL afterwards points it at any origin, http included.
const client = RestClient('{project}', '{token}', { signalwireSpaceUrl: '{host}' });
client.api.baseUrl = '{origin}/api/laml';
""",
}

# What the tests append to each snippet: one create, printing the channels the SDK parsed.
CREATE = {
    "signalwire-python": """\
recording = client.calls("{call}").recordings.create(recording_channels="dual")
print(recording.channels)
""",
    "twilio-python": """\
recording = client.calls("{call}").recordings.create(recording_channels="dual")
print(recording.channels)
""",
    "signalwire-node": """\
client.calls('{call}').recordings.create({ recordingChannels: 'dual' })
  .then((recording) => console.log(recording.channels));
""",
}


def render(snippet: str, values: dict[str, str]) -> str:
    """The snippet with each `{name}` of `values` put in."""
    for name, value in values.items():
        snippet = snippet.replace("{" + name + "}", value)
    return snippet


# What the README shows: each snippet with a local mock's address and placeholders to replace.
README_VALUES = {
    "origin": "http://127.0.0.1:8080",
    "host": "127.0.0.1:8080",
    "project": "YOUR_PROJECT_ID",
    "token": "YOUR_API_TOKEN",
}
LANGUAGES = {"signalwire-python": "python", "twilio-python": "python", "signalwire-node": "js"}


def readme_block(sdk_name: str) -> str:
    """The README's code block that points `sdk_name` at a space, fences included."""
    return f"```{LANGUAGES[sdk_name]}\n{render(POINTING[sdk_name], README_VALUES)}```\n"
