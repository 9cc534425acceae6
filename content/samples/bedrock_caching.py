"""Prompt caching on Amazon Bedrock (Converse)."""

import boto3

bedrock = boto3.client(
    "bedrock-runtime", region_name="us-east-1"
)

# The same stand-in for a long, unchanging context.
HANDBOOK = "\n".join(
    f"Rule {n}: escalate to a human when unsure."
    for n in range(1, 800)
)
ROLE = "You help support staff."
QUESTION = "A customer wants a refund after 40 days."

response = bedrock.converse(
    modelId="global.anthropic.claude-sonnet-4-6",
    system=[
        {"text": ROLE},
        {"text": HANDBOOK},
        # Caches everything before this marker for the
        # default 5 minutes. Models AWS lists with a
        # 1-hour TTL also accept "ttl": "1h" here.
        # (invoke_model takes a cache_control block.)
        {"cachePoint": {"type": "default"}},
    ],
    messages=[
        {"role": "user", "content": [{"text": QUESTION}]}
    ],
    inferenceConfig={"maxTokens": 512},
)

# Converse reports cache traffic in camelCase fields.
usage = response["usage"]
print("written:", usage.get("cacheWriteInputTokens", 0))
print("read:", usage.get("cacheReadInputTokens", 0))
print("uncached:", usage["inputTokens"])
