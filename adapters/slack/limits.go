package slack

// Slack's limits, as documented for Block Kit, modals and response_url,
// except maxMessageText: chat.postMessage also refuses a message whose
// blocks hold more than roughly 12,000 characters of text in all
// ("msg_blocks_too_long", undocumented; slackapi/bolt-js#2509 and #2867), so
// each message is kept well under that. Button values (at most 2,000
// characters) are story IDs here, far shorter.
const (
	maxBlocks       = 50   // blocks in one message
	maxText         = 3000 // a section's text, a context element's
	maxHeader       = 150  // a header's text
	maxMessageText  = 8000 // all text in one message's blocks: our margin
	maxOptionText   = 75   // a select option's label
	maxOptions      = 100  // options in a static select
	maxOptionValue  = 150  // a select option's value
	maxModalTitle   = 24   // a modal's title
	maxInputLength  = 3000 // a plain_text_input's max_length
	maxInputLabel   = 2000 // an input block's label, its hint
	maxPlaceholder  = 150  // a plain_text_input's placeholder
	maxResponseURLs = 5    // posts to one response_url
)
