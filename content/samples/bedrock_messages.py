"""The same call through Amazon Bedrock (Converse)."""

import boto3

SYSTEM = "Answer security questions in plain words."
QUESTION = "How does indirect prompt injection work?"

# boto3 signs requests with SigV4 from its credential
# chain (env, profile, instance role, SSO): no key.
bedrock = boto3.client(
    "bedrock-runtime", region_name="us-east-1"
)

response = bedrock.converse(
    # Global inference profile; a geographic one such
    # as "us.anthropic.claude-sonnet-4-6" keeps
    # inference inside that geography.
    modelId="global.anthropic.claude-sonnet-4-6",
    system=[{"text": SYSTEM}],
    messages=[
        {"role": "user", "content": [{"text": QUESTION}]}
    ],
    inferenceConfig={"maxTokens": 512},
)

# Converse wraps the reply in output.message and
# counts tokens in camelCase fields.
usage = response["usage"]
print(response["output"]["message"]["content"][0]["text"])
print("input tokens:", usage["inputTokens"])
print("output tokens:", usage["outputTokens"])
