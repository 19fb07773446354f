using System;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Srm.Client.Http
{
    /// <summary>
    /// Decides whether to trust the server's TLS certificate: the platform's verdict by default, any certificate with
    /// SkipCertificateCheck, or exactly the pinned one with a thumbprint. The handshake fails before any request
    /// (and so any credential) is sent.
    /// </summary>
    internal sealed class CertificatePolicy
    {
        private readonly bool _skipCheck;
        private readonly string? _pinnedThumbprint;

        internal CertificatePolicy(bool skipCheck, string? pinnedThumbprint)
        {
            _skipCheck = skipCheck;
            _pinnedThumbprint = SrmText.IsBlank(pinnedThumbprint) ? null : Thumbprint.Normalize(pinnedThumbprint);
        }

        /// <summary>The last certificate refused, so that the error can say which one and how to trust it.</summary>
        internal RefusedCertificate? LastRefused { get; private set; }

        internal bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
        {
            if (_skipCheck)
            {
                return true;
            }

            if (certificate == null)
            {
                LastRefused = new RefusedCertificate(null, null, null, errors, false);
                return false;
            }

            if (_pinnedThumbprint != null)
            {
                if (Thumbprint.Matches(certificate, _pinnedThumbprint))
                {
                    return true;
                }

                LastRefused = RefusedCertificate.From(certificate, errors, pinMismatch: true);
                return false;
            }

            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            LastRefused = RefusedCertificate.From(certificate, errors, pinMismatch: false);
            return false;
        }
    }

    /// <summary>What is known about a certificate that was refused.</summary>
    internal sealed class RefusedCertificate
    {
        internal RefusedCertificate(string? subject, string? sha1, string? sha256, SslPolicyErrors errors, bool pinMismatch)
        {
            Subject = subject;
            Sha1 = sha1;
            Sha256 = sha256;
            Errors = errors;
            PinMismatch = pinMismatch;
        }

        internal string? Subject { get; }

        internal string? Sha1 { get; }

        internal string? Sha256 { get; }

        internal SslPolicyErrors Errors { get; }

        internal bool PinMismatch { get; }

        internal static RefusedCertificate From(X509Certificate certificate, SslPolicyErrors errors, bool pinMismatch)
        {
            return new RefusedCertificate(certificate.Subject, Thumbprint.Sha1(certificate), Thumbprint.Sha256(certificate), errors, pinMismatch);
        }

        internal string Describe(string server)
        {
            if (Subject == null)
            {
                return $"The server {server} presented no TLS certificate.";
            }

            var reason = PinMismatch
                ? "does not match the thumbprint given with -CertificateThumbprint"
                : "is not trusted (" + Errors.ToString().Replace("RemoteCertificate", string.Empty) + ")";
            return $"The TLS certificate of {server} {reason}. Subject: {Subject}; SHA-256 thumbprint: {Sha256}. " +
                   "Compare the thumbprint with the appliance's own (out of band), then connect with -CertificateThumbprint '" + Sha256 +
                   "', or use -SkipCertificateCheck for a test appliance. Nothing was sent to the server.";
        }
    }
}
