// Package fakeapi holds rate-limited stand-ins for the Slack Web API and
// the Discord REST API, as far as delivering editions needs them: posting
// messages (Slack with message metadata, Discord with an enforced nonce),
// reading a channel's recent messages, and the platforms' rate limits,
// answered with 429 and Retry-After the way each platform does. They can
// inject server errors and dropped connections, and count what each
// channel received, for the delivery tests and cmd/deliverybench.
package fakeapi
