package slack

// Slack's limits, as documented for Block Kit, modals and response_url,
// but maxMessageText: chat.postMessage refuses blocks of more than about
// 12,000 characters in all ("msg_blocks_too_long", undocumented;
// slackapi/bolt-js#2509 and #2867). Button values (up to 2,000) are story IDs.
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
