using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Srm.Client.Http
{
    /// <summary>Certificate thumbprints: SHA-1 (40 hex digits) or SHA-256 (64), compared in a normal form.</summary>
    public static class Thumbprint
    {
        /// <summary>
        /// Upper-case hex digits without separators. Accepts any case and colons, spaces or dashes between digits.
        /// </summary>
        /// <exception cref="ArgumentException">Not a SHA-1 or SHA-256 thumbprint.</exception>
        public static string Normalize(string thumbprint)
        {
            if (string.IsNullOrWhiteSpace(thumbprint))
            {
                throw new ArgumentException("The thumbprint is empty.", nameof(thumbprint));
            }

            var hex = new StringBuilder(64);
            foreach (var c in thumbprint.Trim())
            {
                if (c == ':' || c == ' ' || c == '-')
                {
                    continue;
                }

                if (!Uri.IsHexDigit(c))
                {
                    throw new ArgumentException($"The thumbprint '{thumbprint}' contains '{c}', which is not a hex digit.", nameof(thumbprint));
                }

                hex.Append(char.ToUpperInvariant(c));
            }

            if (hex.Length != 40 && hex.Length != 64)
            {
                throw new ArgumentException($"The thumbprint '{thumbprint}' has {hex.Length} hex digits; a SHA-1 thumbprint has 40 and a SHA-256 thumbprint 64.", nameof(thumbprint));
            }

            return hex.ToString();
        }

        /// <summary>The colon form SRM and vSphere use: "AB:CD:...".</summary>
        public static string Format(byte[] hash)
        {
            var text = new StringBuilder(hash.Length * 3);
            for (var i = 0; i < hash.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(':');
                }

                text.Append(hash[i].ToString("X2"));
            }

            return text.ToString();
        }

        /// <summary>The SHA-1 thumbprint of <paramref name="certificate"/>, "AB:CD:...".</summary>
        public static string Sha1(X509Certificate certificate)
        {
            using (var sha1 = SHA1.Create())
            {
                return Format(sha1.ComputeHash(certificate.GetRawCertData()));
            }
        }

        /// <summary>The SHA-256 thumbprint of <paramref name="certificate"/>, "AB:CD:...".</summary>
        public static string Sha256(X509Certificate certificate)
        {
            using (var sha256 = SHA256.Create())
            {
                return Format(sha256.ComputeHash(certificate.GetRawCertData()));
            }
        }

        /// <summary>True when <paramref name="expected"/> (either length) is the certificate's SHA-1 or SHA-256 thumbprint.</summary>
        public static bool Matches(X509Certificate certificate, string expected)
        {
            var wanted = Normalize(expected);
            var actual = wanted.Length == 40 ? Sha1(certificate) : Sha256(certificate);
            return string.Equals(actual.Replace(":", string.Empty), wanted, StringComparison.Ordinal);
        }
    }
}
