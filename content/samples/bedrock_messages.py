"""The same call to Claude Sonnet 4.6 through Amazon Bedrock's Converse API."""

import boto3

SYSTEM = "You answer questions about application security in plain words."
QUESTION = "How does indirect prompt injection reach a model?"

# boto3 signs each request with SigV4 from its usual credential chain
# (environment, shared config, instance or task role, SSO): no API key.
bedrock = boto3.client("bedrock-runtime", region_name="us-east-1")

response = bedrock.converse(
    # A global cross-Region inference profile; a geographic profile such
    # as "us.anthropic.claude-sonnet-4-6" keeps inference in one geography.
    modelId="global.anthropic.claude-sonnet-4-6",
    system=[{"text": SYSTEM}],
    messages=[{"role": "user", "content": [{"text": QUESTION}]}],
    inferenceConfig={"maxTokens": 512},
)

# Converse wraps the reply in output.message and counts tokens in camelCase.
print(response["output"]["message"]["content"][0]["text"])
print("input tokens:", response["usage"]["inputTokens"])
print("output tokens:", response["usage"]["outputTokens"])
