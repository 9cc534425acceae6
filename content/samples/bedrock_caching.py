"""Prompt caching on Amazon Bedrock: a cachePoint block in Converse."""

import boto3

bedrock = boto3.client("bedrock-runtime", region_name="us-east-1")

# The same stand-in for a long, unchanging context as the Anthropic example.
HANDBOOK = "\n".join(
    f"Policy {n}: escalate to a human when unsure." for n in range(1, 800)
)
QUESTION = "A customer wants a refund after 40 days."

response = bedrock.converse(
    modelId="global.anthropic.claude-sonnet-4-6",
    system=[
        {"text": "You are the support desk's assistant."},
        {"text": HANDBOOK},
        # Caches everything before this marker for the default 5 minutes.
        # Models AWS lists with a 1-hour TTL also take "ttl": "1h" here.
        # (With invoke_model, put a cache_control block in the body.)
        {"cachePoint": {"type": "default"}},
    ],
    messages=[{"role": "user", "content": [{"text": QUESTION}]}],
    inferenceConfig={"maxTokens": 512},
)

usage = response["usage"]
# Converse reports cache traffic in its own camelCase fields.
print("written to cache:", usage.get("cacheWriteInputTokens", 0))
print("read from cache:", usage.get("cacheReadInputTokens", 0))
print("uncached input:", usage["inputTokens"])
