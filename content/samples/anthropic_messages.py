"""One Messages API call to Claude Sonnet 4.6 through the Anthropic API."""

import anthropic

SYSTEM = "You answer questions about application security in plain words."
QUESTION = "How does indirect prompt injection reach a model?"

# The client reads ANTHROPIC_API_KEY from the environment and sends it
# with every request: no key belongs in the source code.
client = anthropic.Anthropic()

response = client.messages.create(
    model="claude-sonnet-4-6",  # Anthropic's id: no date suffix, no prefix
    max_tokens=512,
    system=SYSTEM,
    messages=[{"role": "user", "content": QUESTION}],
)

# The reply is a list of content blocks; a plain answer is one text block.
print(response.content[0].text)
print("input tokens:", response.usage.input_tokens)
print("output tokens:", response.usage.output_tokens)
