"""Claude Sonnet 5.5 through the Anthropic API.

Written against anthropic 2.15.0
(pip install anthropic).
"""

import anthropic

SYSTEM = "Answer security questions in plain words."
QUESTION = "How does indirect prompt injection work?"

# Reads ANTHROPIC_API_KEY from the environment: no
# key in the code. SDK 2.x sends it as a Bearer token.
client = anthropic.Anthropic()

response = client.messages.create(
    model="claude-sonnet-5-5",  # no date, no prefix
    max_tokens=512,
    system=SYSTEM,
    messages=[{"role": "user", "content": QUESTION}],
)

# The reply is a list of content blocks. The first
# can be a thinking block: take the first text block.
answer = next(
    b.text for b in response.content if b.type == "text"
)
print(answer)
print("input tokens:", response.usage.input_tokens)
print("output tokens:", response.usage.output_tokens)
