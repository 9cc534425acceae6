"""Prompt caching on the Anthropic API: mark a long, stable prefix as cacheable."""

import anthropic

client = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY

# Stand-in for a long, unchanging context (a handbook, a codebase summary).
# Prefixes shorter than the model's minimum are processed but not cached.
HANDBOOK = "\n".join(f"Policy {n}: escalate to a human when unsure." for n in range(1, 800))

response = client.messages.create(
    model="claude-sonnet-4-6",
    max_tokens=512,
    system=[
        {"type": "text", "text": "You are the support desk's assistant."},
        {
            "type": "text",
            "text": HANDBOOK,
            # Everything up to and including this block is cached. The default
            # lifetime is 5 minutes; "1h" keeps it for an hour at a higher write price.
            "cache_control": {"type": "ephemeral", "ttl": "1h"},
        },
    ],
    messages=[{"role": "user", "content": "A customer wants a refund after 40 days."}],
)

usage = response.usage
# The first call writes the prefix; repeats within the TTL read it instead.
print("written to cache:", usage.cache_creation_input_tokens)
print("read from cache:", usage.cache_read_input_tokens)
print("uncached input:", usage.input_tokens)
