package discord

import (
	"context"
	"crypto/tls"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/websocket"
)

// gatewayDialer is discordgo's websocket dialer with each connection paced
// by identifyPacer until ctx ends. discordgo answers op 9 INVALID_SESSION
// with an Identify at once, inside its read loop, with no hook before it,
// where Discord asks for a random wait of one to five seconds (one at once
// is refused again): a gateway that kept answering op 9 was sent tens of
// thousands of Identifies a second, and Discord resets the bot's token
// after a thousand a day.
//
// The pacer must see the frames discordgo writes, so the dialer makes the
// TLS connection itself (NetDialTLSContext), which gorilla/websocket v1.5.3
// would use to dial a proxy too, speaking TLS to it: behind a proxy
// (HTTPS_PROXY) the dialer is discordgo's, and op 9 answered at once.
func gatewayDialer(ctx context.Context) *websocket.Dialer {
	d := *websocket.DefaultDialer
	gateway := &http.Request{URL: &url.URL{Scheme: "https", Host: "gateway.discord.gg"}}
	if proxy, err := http.ProxyFromEnvironment(gateway); err != nil || proxy != nil {
		return &d // as discordgo's dialer reads the environment
	}
	d.Proxy = nil
	pace := func(c net.Conn, err error) (net.Conn, error) {
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithCancel(ctx)
		return &identifyPacer{Conn: c, ctx: ctx, cancel: cancel}, nil
	}
	d.NetDialContext = func(dctx context.Context, network, addr string) (net.Conn, error) {
		return pace((&net.Dialer{}).DialContext(dctx, network, addr))
	}
	d.NetDialTLSContext = func(dctx context.Context, network, addr string) (net.Conn, error) {
		return pace((&tls.Dialer{}).DialContext(dctx, network, addr)) // the server name is addr's host
	}
	return &d
}

// identifyPacer is a gateway connection that holds back an Identify that
// follows another Identify or a Resume on it, which discordgo sends only
// in answer to op 9, for Discord's wait (random, one second to five), or
// until ctx ends (then nothing is sent: the bot is stopping). The first
// Identify or Resume of a connection goes at once.
type identifyPacer struct {
	net.Conn
	ctx    context.Context // the run's, ended too when the connection is closed
	cancel context.CancelFunc
	// handshakes counts the Identifies and Resumes written. gorilla's
	// connection writes one frame at a time, so Write is never concurrent.
	handshakes int
}

func (c *identifyPacer) Write(p []byte) (int, error) {
	if op := clientOp(p); op == opIdentify || op == opResume {
		c.handshakes++
		if op == opIdentify && c.handshakes > 1 {
			select {
			case <-time.After(time.Second + rand.N(4*time.Second)):
			case <-c.ctx.Done():
				return 0, net.ErrClosed
			}
		}
	}
	return c.Conn.Write(p)
}

func (c *identifyPacer) Close() error {
	c.cancel()
	return c.Conn.Close()
}

// The starts of the gateway payloads a client sends to start a session,
// as discordgo's encoding of every payload starts: {"op":N,.
const (
	opIdentify = `{"op":2,`
	opResume   = `{"op":6,`
)

// clientOp is the start of the payload of a websocket frame as a client
// writes it (RFC 6455: masked), as long as opIdentify, when it is a text
// frame; "" for any other frame.
func clientOp(frame []byte) string {
	if len(frame) < 2 || frame[0]&0x0f != websocket.TextMessage || frame[1]&0x80 == 0 {
		return ""
	}
	i := 2 // the mask follows the length, longer by 2 or 8 bytes past 125
	switch frame[1] & 0x7f {
	case 126:
		i += 2
	case 127:
		i += 8
	}
	if len(frame) < i+4+len(opIdentify) {
		return ""
	}
	mask, head := frame[i:i+4], make([]byte, len(opIdentify))
	for j := range head {
		head[j] = frame[i+4+j] ^ mask[j%4]
	}
	return string(head)
}
