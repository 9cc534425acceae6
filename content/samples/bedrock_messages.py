"""The same call on Claude in Amazon Bedrock
(Messages API, the bedrock-mantle endpoint).

Written against anthropic 2.15.0
(pip install "anthropic[bedrock]"; boto3 1.44.8
supplies the AWS credential chain).
"""

from anthropic import AnthropicBedrockMantle

SYSTEM = "Answer security questions in plain words."
QUESTION = "How does indirect prompt injection work?"

# SigV4 from the credential chain (env, profile,
# instance role, SSO): no key in the code. A Bedrock
# API key works too (AWS_BEARER_TOKEN_BEDROCK).
client = AnthropicBedrockMantle(aws_region="us-east-1")

response = client.messages.create(
    # Bedrock's id for the model on this endpoint.
    model="anthropic.claude-sonnet-5-5",
    max_tokens=512,
    system=SYSTEM,
    messages=[{"role": "user", "content": QUESTION}],
)

# Same response shape and server-sent events
# streaming as the Anthropic API.
answer = next(
    b.text for b in response.content if b.type == "text"
)
print(answer)
print("input tokens:", response.usage.input_tokens)
print("output tokens:", response.usage.output_tokens)
