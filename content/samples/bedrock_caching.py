"""Prompt caching on Amazon Bedrock: a cachePoint block in a Converse request."""

import boto3

bedrock = boto3.client("bedrock-runtime", region_name="us-east-1")

# Stand-in for a long, unchanging context, as in the Anthropic example.
HANDBOOK = "\n".join(f"Policy {n}: escalate to a human when unsure." for n in range(1, 800))

response = bedrock.converse(
    modelId="global.anthropic.claude-sonnet-4-6",
    system=[
        {"text": "You are the support desk's assistant."},
        {"text": HANDBOOK},
        # Caches everything before this marker for the default 5 minutes. Models
        # that AWS lists with a 1-hour TTL also accept "ttl": "1h" here. (With
        # invoke_model, put the Anthropic-style cache_control block in the body.)
        {"cachePoint": {"type": "default"}},
    ],
    messages=[
        {"role": "user", "content": [{"text": "A customer wants a refund after 40 days."}]},
    ],
    inferenceConfig={"maxTokens": 512},
)

usage = response["usage"]
# Converse reports cache traffic in its own camelCase fields.
print("written to cache:", usage.get("cacheWriteInputTokens", 0))
print("read from cache:", usage.get("cacheReadInputTokens", 0))
print("uncached input:", usage["inputTokens"])
