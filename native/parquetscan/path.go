package parquetscan

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// errUnsupportedScheme marks paths on file systems Ember cannot read yet.
var errUnsupportedScheme = errors.New("not supported yet")

// localPath turns a split's path into a local file name.
//
// Spark hands over SparkPath.urlEncoded strings such as "file:/tmp/a%20b.parquet"
// (Hadoop's Path.toUri), so a string with a scheme is parsed as a URI and
// percent-decoded. A string without a scheme is a plain local path and is used
// as is ('%' included).
func localPath(p string) (string, error) {
	if p == "" {
		return "", errors.New("empty path")
	}
	if strings.HasPrefix(p, "/") {
		return p, nil
	}
	i := strings.IndexByte(p, ':')
	if i <= 0 || !isScheme(p[:i]) {
		return p, nil // relative plain path
	}
	scheme := strings.ToLower(p[:i])
	if scheme != "file" {
		return "", fmt.Errorf("file system scheme %q is %w: only local files (file:) can be read natively", scheme, errUnsupportedScheme)
	}
	u, err := url.Parse(p)
	if err != nil {
		return "", fmt.Errorf("invalid file URI: %w", err)
	}
	if u.Host != "" && u.Host != "localhost" {
		return "", fmt.Errorf("file URI with host %q is %w", u.Host, errUnsupportedScheme)
	}
	if u.Opaque != "" || u.Path == "" {
		return "", fmt.Errorf("file URI %q has no absolute path", p)
	}
	return u.Path, nil
}

// isScheme reports whether s is a URI scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}
