"""Claude Haiku 4.5 on Bedrock's legacy integration
(InvokeModel), for code still on an older model.

Written against boto3 1.44.8 (pip install boto3).
"""

import json

import boto3

SYSTEM = "Answer security questions in plain words."
QUESTION = "How does indirect prompt injection work?"

# boto3 signs requests with SigV4 from its credential
# chain: no key in the code.
bedrock = boto3.client(
    "bedrock-runtime", region_name="us-east-1"
)

body = {
    # In the body, not a header. These models reject
    # the 2026-10-21 version that anthropic 2.x sends
    # by default; boto3 sends exactly what you write.
    "anthropic_version": "bedrock-2023-05-31",
    "max_tokens": 512,
    "system": SYSTEM,
    "messages": [{"role": "user", "content": QUESTION}],
}

response = bedrock.invoke_model(
    # ARN-versioned id through the global profile;
    # "us." or "eu." keeps inference in a geography.
    modelId=(
        "global.anthropic."
        "claude-haiku-4-5-20251001-v1:0"
    ),
    contentType="application/json",
    accept="application/json",
    body=json.dumps(body),
)

result = json.loads(response["body"].read())
answer = next(
    b["text"] for b in result["content"]
    if b["type"] == "text"
)
print(answer)
usage = result["usage"]
print("input tokens:", usage["input_tokens"])
print("output tokens:", usage["output_tokens"])
