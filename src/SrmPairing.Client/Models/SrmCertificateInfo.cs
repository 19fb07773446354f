using System;
using System.Collections.Generic;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Srm.Client.Certificates;
using Srm.Client.Http;

namespace Srm.Client.Models
{
    /// <summary>
    /// The TLS certificate a server presented in a handshake, read without trusting it: who it names, when it is valid,
    /// its thumbprints in the colon form SRM and vSphere use, and whether this computer would trust it.
    /// </summary>
    public sealed class SrmCertificateInfo
    {
        internal SrmCertificateInfo(string server, int port, X509Certificate2 certificate, SslPolicyErrors policyErrors)
        {
            Server = server;
            Port = port;
            Subject = certificate.Subject;
            Issuer = certificate.Issuer;
            NotBefore = certificate.NotBefore;
            NotAfter = certificate.NotAfter;
            SerialNumber = certificate.SerialNumber;
            Sha1Thumbprint = Thumbprint.Sha1(certificate);
            Sha256Thumbprint = Thumbprint.Sha256(certificate);
            SubjectAlternativeNames = SubjectAlternativeNameReader.Read(certificate);
            PolicyErrors = policyErrors;
        }

        /// <summary>The host name or address the handshake was made with.</summary>
        public string Server { get; }

        /// <summary>The port the handshake was made on.</summary>
        public int Port { get; }

        /// <summary>The certificate's subject, e.g. "CN=srm-a.example.com".</summary>
        public string Subject { get; }

        /// <summary>The certificate's issuer.</summary>
        public string Issuer { get; }

        /// <summary>The start of the validity period, in local time.</summary>
        public DateTime NotBefore { get; }

        /// <summary>The end of the validity period, in local time.</summary>
        public DateTime NotAfter { get; }

        /// <summary>The certificate's serial number, in hexadecimal.</summary>
        public string SerialNumber { get; }

        /// <summary>The SHA-1 thumbprint, "AB:CD:..." (20 bytes).</summary>
        public string Sha1Thumbprint { get; }

        /// <summary>The SHA-256 thumbprint, "AB:CD:..." (32 bytes).</summary>
        public string Sha256Thumbprint { get; }

        /// <summary>The DNS names and IP addresses of the subject alternative name extension (empty when it has none).</summary>
        public IReadOnlyList<string> SubjectAlternativeNames { get; }

        /// <summary>What this computer's certificate validation found for <see cref="Server"/>; None when it trusts the certificate.</summary>
        public SslPolicyErrors PolicyErrors { get; }

        /// <summary>True when this computer trusts the certificate for <see cref="Server"/> (chain and name).</summary>
        public bool IsTrusted => PolicyErrors == SslPolicyErrors.None;

        /// <summary>True when subject and issuer are the same name.</summary>
        public bool IsSelfSigned => string.Equals(Subject, Issuer, StringComparison.Ordinal);

        /// <summary>True when <paramref name="thumbprint"/> (SHA-1 or SHA-256, any case, with or without colons) is this certificate's.</summary>
        /// <exception cref="ArgumentException">Not a SHA-1 or SHA-256 thumbprint.</exception>
        public bool Matches(string thumbprint)
        {
            var wanted = Thumbprint.Normalize(thumbprint);
            var actual = (wanted.Length == 40 ? Sha1Thumbprint : Sha256Thumbprint).Replace(":", string.Empty);
            return string.Equals(actual, wanted, StringComparison.Ordinal);
        }

        /// <summary>The server, the subject and the SHA-256 thumbprint.</summary>
        public override string ToString() => $"{Subject} (SHA-256 {Sha256Thumbprint})";
    }
}
