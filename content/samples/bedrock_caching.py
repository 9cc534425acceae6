"""Prompt caching on Claude in Amazon Bedrock
(Messages API).

Written against anthropic 2.15.0
(pip install "anthropic[bedrock]").
"""

from anthropic import AnthropicBedrockMantle

client = AnthropicBedrockMantle(aws_region="us-east-1")

# The same stand-in for a long, unchanging context.
HANDBOOK = "\n".join(
    f"Rule {n}: escalate to a human when unsure."
    for n in range(1, 800)
)
ROLE = "You help support staff."
QUESTION = "A customer wants a refund after 40 days."

response = client.messages.create(
    model="anthropic.claude-sonnet-5-5",
    max_tokens=512,
    system=[
        {"type": "text", "text": ROLE},
        {
            "type": "text",
            "text": HANDBOOK,
            # The same cache_control block as on the
            # Anthropic API, with the default 5-minute
            # lifetime: AWS has not confirmed the
            # 1-hour TTL for the 5.x models.
            # (Legacy Converse calls on Sonnet 4.6 or
            # Haiku 4.5 use a cachePoint block.)
            "cache_control": {"type": "ephemeral"},
        },
    ],
    messages=[{"role": "user", "content": QUESTION}],
)

usage = response.usage
print("written:", usage.cache_creation_input_tokens)
print("read:", usage.cache_read_input_tokens)
print("uncached:", usage.input_tokens)
