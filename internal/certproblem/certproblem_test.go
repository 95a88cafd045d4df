package certproblem

import (
	"crypto/x509"
	"errors"
	"fmt"
	"testing"
)

func TestOf(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{x509.UnknownAuthorityError{}, "TLS certificate is not signed by an authority this machine trusts"},
		{fmt.Errorf("tls: %w", x509.HostnameError{Host: "example.org", Certificate: &x509.Certificate{}}), "TLS certificate is for another host name"},
		{x509.CertificateInvalidError{Reason: x509.Expired}, "TLS certificate has expired or is not yet valid"},
		{x509.CertificateInvalidError{Reason: x509.NotAuthorizedToSign}, "TLS certificate is not valid"},
		{errors.New("bad certificate"), "TLS certificate is not valid"},
	} {
		if got := Of(c.err); got != c.want {
			t.Errorf("Of(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
