"""Prompt caching on the Anthropic API: mark a long, stable prefix."""

import anthropic

client = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY

# Stand-in for a long context that does not change between requests.
# A prefix shorter than the model's minimum is processed but not cached.
HANDBOOK = "\n".join(
    f"Policy {n}: escalate to a human when unsure." for n in range(1, 800)
)
QUESTION = "A customer wants a refund after 40 days."

response = client.messages.create(
    model="claude-sonnet-4-6",
    max_tokens=512,
    system=[
        {"type": "text", "text": "You are the support desk's assistant."},
        {
            "type": "text",
            "text": HANDBOOK,
            # Caches everything up to and including this block. The default
            # lifetime is 5 minutes; "1h" keeps it an hour at a dearer write.
            "cache_control": {"type": "ephemeral", "ttl": "1h"},
        },
    ],
    messages=[{"role": "user", "content": QUESTION}],
)

usage = response.usage
# The first call writes the prefix; repeats within the TTL read it.
print("written to cache:", usage.cache_creation_input_tokens)
print("read from cache:", usage.cache_read_input_tokens)
print("uncached input:", usage.input_tokens)
