"""The same call through Claude Platform on AWS.

Written against anthropic 2.15.0
(pip install "anthropic[aws]").
"""

from anthropic import AnthropicAWS

SYSTEM = "Answer security questions in plain words."
QUESTION = "How does indirect prompt injection work?"

# Signs with SigV4 from the AWS credential chain
# (or api_key= / ANTHROPIC_AWS_API_KEY). The Region
# picks the endpoint; the workspace id is required
# (or AWS_REGION, ANTHROPIC_AWS_WORKSPACE_ID).
client = AnthropicAWS(
    aws_region="us-west-2",
    workspace_id="wrkspc_...",
)

response = client.messages.create(
    model="claude-sonnet-5-5",  # the API's own id
    max_tokens=512,
    # Optional: keep inference in the US (dearer).
    # The endpoint Region does not decide this.
    inference_geo="us",
    system=SYSTEM,
    messages=[{"role": "user", "content": QUESTION}],
)

answer = next(
    b.text for b in response.content if b.type == "text"
)
print(answer)
print("input tokens:", response.usage.input_tokens)
print("output tokens:", response.usage.output_tokens)
