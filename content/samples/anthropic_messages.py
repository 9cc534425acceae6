"""Claude Sonnet 4.6 through the Anthropic API."""

import anthropic

SYSTEM = "Answer security questions in plain words."
QUESTION = "How does indirect prompt injection work?"

# Reads ANTHROPIC_API_KEY from the environment and
# sends it with every request: no key in the code.
client = anthropic.Anthropic()

response = client.messages.create(
    model="claude-sonnet-4-6",  # no date, no prefix
    max_tokens=512,
    system=SYSTEM,
    messages=[{"role": "user", "content": QUESTION}],
)

# The reply is a list of content blocks; a plain
# answer is a single text block.
print(response.content[0].text)
print("input tokens:", response.usage.input_tokens)
print("output tokens:", response.usage.output_tokens)
