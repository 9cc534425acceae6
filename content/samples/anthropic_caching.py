"""Prompt caching on the Anthropic API.

Written against anthropic 2.15.0. The same code runs
on Claude Platform on AWS with AnthropicAWS(...).
"""

import anthropic

client = anthropic.Anthropic()  # ANTHROPIC_API_KEY

# Stand-in for a long context that stays the same
# from request to request. A prefix shorter than the
# model's minimum is processed but not cached.
HANDBOOK = "\n".join(
    f"Rule {n}: escalate to a human when unsure."
    for n in range(1, 800)
)
ROLE = "You help support staff."
QUESTION = "A customer wants a refund after 40 days."

response = client.messages.create(
    model="claude-sonnet-5-5",
    max_tokens=512,
    system=[
        {"type": "text", "text": ROLE},
        {
            "type": "text",
            "text": HANDBOOK,
            # Caches everything up to here. Default
            # lifetime 5 minutes; "1h" keeps it an
            # hour, at a dearer cache write.
            "cache_control": {
                "type": "ephemeral",
                "ttl": "1h",
            },
        },
    ],
    messages=[{"role": "user", "content": QUESTION}],
)

# First call writes the prefix; repeats read it.
usage = response.usage
print("written:", usage.cache_creation_input_tokens)
print("read:", usage.cache_read_input_tokens)
print("uncached:", usage.input_tokens)
