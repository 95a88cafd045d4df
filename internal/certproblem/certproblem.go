// Package certproblem says in words what is wrong with a server's TLS
// certificate, for the sentences the newswire (a feed's server) and the
// email edition (the mail server) write about a connection refused for it.
package certproblem

import (
	"crypto/x509"
	"errors"
)

// Of says what is wrong with the certificate err refused, as the end of a
// sentence about its server: "TLS certificate is for another host name".
func Of(err error) string {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &unknown):
		return "TLS certificate is not signed by an authority this machine trusts"
	case errors.As(err, &hostname):
		return "TLS certificate is for another host name"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "TLS certificate has expired or is not yet valid"
	}
	return "TLS certificate is not valid"
}
