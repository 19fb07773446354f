using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Srm.Simulator;

/// <summary>The HTTPS certificate made at start-up: RSA 2048, CN = the local SRM name, SAN = that name, localhost and 127.0.0.1.</summary>
public static class SelfSignedCertificate
{
    public static X509Certificate2 Create(string hostName)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={hostName}"), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        AddServerExtensions(request, hostName, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment);

        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        // A round trip through PKCS#12 gives a key that SslStream can use on every platform (Windows rejects ephemeral keys).
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>
    /// The certificate of a remote site's PSC or SRM endpoint: ECDSA P-256 (quick to make: a simulator makes several at
    /// start-up), CN = the server's name, SAN = that name, localhost and 127.0.0.1.
    /// </summary>
    public static X509Certificate2 CreateForSite(string hostName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={hostName}"), key, HashAlgorithmName.SHA256);
        AddServerExtensions(request, hostName, X509KeyUsageFlags.DigitalSignature);
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    private static void AddServerExtensions(CertificateRequest request, string hostName, X509KeyUsageFlags usage)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
    }

    /// <summary>"AB:CD:..." SHA-256 of the certificate.</summary>
    public static string Sha256Thumbprint(X509Certificate2 certificate) =>
        SimulatorThumbprint.Format(certificate.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>"AB:CD:..." SHA-1 of the certificate.</summary>
    public static string Sha1Thumbprint(X509Certificate2 certificate) =>
        SimulatorThumbprint.Format(certificate.GetCertHash(HashAlgorithmName.SHA1));
}
