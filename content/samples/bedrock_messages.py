"""The same call to Claude Sonnet 4.6 through Amazon Bedrock's Converse API."""

import boto3

# boto3 signs each request with SigV4 using the usual credential chain
# (environment, shared config, instance or task role, SSO): no API key here.
bedrock = boto3.client("bedrock-runtime", region_name="us-east-1")

response = bedrock.converse(
    # A global cross-Region inference profile id; geographic profiles such as
    # "us.anthropic.claude-sonnet-4-6" keep traffic in one geography.
    modelId="global.anthropic.claude-sonnet-4-6",
    system=[{"text": "You answer questions about application security in plain words."}],
    messages=[
        {
            "role": "user",
            "content": [{"text": "How does indirect prompt injection reach a model?"}],
        },
    ],
    inferenceConfig={"maxTokens": 512},
)

# Converse wraps the reply in output.message and counts tokens in camelCase.
print(response["output"]["message"]["content"][0]["text"])
print("input tokens:", response["usage"]["inputTokens"])
print("output tokens:", response["usage"]["outputTokens"])
