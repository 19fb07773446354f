using System.Net.Security;
using Srm.Client.Certificates;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.Client.Tests
{
    /// <summary>The resolver (explicit values win, derived ones are named) and the preflight checks, with a fake probe.</summary>
    public class PairingPreflightTests : IDisposable
    {
        private const string LocalGuid = "4b1d4a1e-3c63-4f0b-9b57-5d1c0d3f8e77";
        private const string RemoteGuid = "7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02";

        private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _srmCert = TestCertificates.Create("CN=srm-b.test");
        private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _pscCert = TestCertificates.Create("CN=vc-b.test");
        private readonly List<string> _probed = new List<string>();

        public void Dispose()
        {
            _srmCert.Dispose();
            _pscCert.Dispose();
        }

        private static SrmConnection Connection(string server, string vcGuid, string vcName, string name, string extensionKey = "com.vmware.vcDr",
            SrmClientOptions? options = null)
        {
            var endpoint = SrmEndpoint.Parse(server);
            var client = new SrmClient(endpoint, options ?? TestData.FastOptions(), new FakeSrmHandler());
            return new SrmConnection(endpoint, TestData.User, client)
            {
                Name = name,
                VcGuid = vcGuid,
                VcName = vcName,
                ExtensionKey = extensionKey,
                SrmId = Guid.NewGuid().ToString(),
                IsConnected = true,
            };
        }

        private static SrmConnection Local() => Connection("srm-a.test", LocalGuid, "vc-a.test", "srm-a.test");

        private static SrmConnection Remote(SrmClientOptions? options = null, string extensionKey = "com.vmware.vcDr") =>
            Connection("srm-b.test:8443", RemoteGuid, "vc-b.test", "srm-b.test", extensionKey, options);

        /// <summary>srm-b.test answers with the SRM certificate, vc-b.test with the PSC certificate, anything else is unreachable.</summary>
        private CertificateProbeFunc Probe => (host, port, timeout, token) =>
        {
            lock (_probed)
            {
                _probed.Add(host + ":" + port);
            }

            if (host == "srm-b.test")
            {
                return Task.FromResult(new SrmCertificateInfo(host, port, _srmCert, SslPolicyErrors.RemoteCertificateChainErrors));
            }

            if (host == "vc-b.test")
            {
                return Task.FromResult(new SrmCertificateInfo(host, port, _pscCert, SslPolicyErrors.RemoteCertificateChainErrors));
            }

            throw new SrmApiException(SrmErrorKind.ConnectionFailed, "TLS", host, $"{host}:{port} could not be reached: the name '{host}' could not be resolved.");
        };

        private static Func<CancellationToken, Task<IReadOnlyList<SrmPairing>>> Pairings(params SrmPairing[] pairings) =>
            _ => Task.FromResult<IReadOnlyList<SrmPairing>>(pairings);

        private static SrmPairing Pairing(string id, string localGuid, string remoteGuid) =>
            new SrmPairing(id, new SrmServerInfo(localGuid, "vc", null, "OK", null), new SrmServerInfo(remoteGuid, "vc", null, "OK", null), null, null);

        private static SrmCheckResult ResultOf(IReadOnlyList<SrmPairingCheck> checks, string name) => checks.Single(c => c.Name == name).Result;

        [Fact]
        public async Task Resolver_reads_no_srm_thumbprint_for_an_address_the_caller_cleared_after_resolving()
        {
            var resolved = PairingResolver.Resolve(new PairingInputs { RemoteConnection = Remote(), Credential = TestData.Credential() });
            Assert.True(resolved.DeriveSrmThumbprint);
            resolved.Spec.SrmUrl = null;

            await PairingResolver.AddThumbprintsAsync(resolved, Probe, CancellationToken.None);

            Assert.False(resolved.DeriveSrmThumbprint);
            Assert.Null(resolved.Spec.SrmThumbprint);
            Assert.Equal(new[] { "vc-b.test:443" }, _probed);
            Assert.Empty(resolved.Spec.Validate());
        }

        [Fact]
        public async Task Resolver_derives_every_missing_value_from_the_remote_connection_and_names_the_source()
        {
            var remote = Remote(new SrmClientOptions { CertificateThumbprint = Thumbprint.Sha256(_srmCert) });
            var resolved = PairingResolver.Resolve(new PairingInputs { RemoteConnection = remote, Credential = TestData.Credential() });

            Assert.Empty(PairingResolver.Validate(resolved));
            Assert.True(resolved.DeriveSrmThumbprint);
            Assert.Empty(_probed);
            await PairingResolver.AddThumbprintsAsync(resolved, Probe, CancellationToken.None);

            var spec = resolved.Spec;
            Assert.Equal(RemoteGuid, spec.VcGuid);
            Assert.Equal("vc-b.test", spec.PscUrl);
            Assert.Equal(443, spec.PscPort);
            Assert.Equal("srm-b.test:8443", spec.SrmUrl);
            Assert.Equal(Thumbprint.Sha1(_srmCert), spec.SrmThumbprint);
            Assert.Equal(Thumbprint.Sha1(_pscCert), spec.PscThumbprint);
            Assert.Empty(spec.Validate());
            Assert.Equal(new[] { "srm-b.test:8443", "vc-b.test:443" }, _probed);
            Assert.Contains($"pair_vc_guid {RemoteGuid} from srm-b.test's /server/info (vc_guid)", resolved.Notes);
            Assert.Contains("pair_srm_url srm-b.test:8443 from the connection to srm-b.test", resolved.Notes);
            Assert.Contains(resolved.Notes, n => n.StartsWith($"pair_srm_thumbprint {Thumbprint.Sha1(_srmCert)} (SHA-1) from a TLS handshake with srm-b.test:8443, the certificate pinned", StringComparison.Ordinal));
            // The PSC certificate is vouched for by nothing: a warning says so.
            Assert.Single(resolved.Warnings);
            Assert.Contains("vc-b.test:443", resolved.Warnings[0]);
        }

        [Fact]
        public async Task A_spec_whose_SRM_thumbprint_is_to_be_probed_validates_without_a_placeholder_and_holds_the_probed_one()
        {
            var resolved = PairingResolver.Resolve(new PairingInputs
            {
                RemoteConnection = Remote(new SrmClientOptions { CertificateThumbprint = Thumbprint.Sha1(_srmCert) }),
                Credential = TestData.Credential(),
            });

            // Before probing: the spec itself has no SRM thumbprint, real or placeholder, and is valid as "to be probed".
            Assert.True(resolved.DeriveSrmThumbprint);
            Assert.Null(resolved.Spec.SrmThumbprint);
            Assert.Empty(PairingResolver.Validate(resolved));
            Assert.Empty(resolved.Spec.Validate(srmThumbprintToBeProbed: true));
            Assert.Contains(resolved.Spec.Validate(), p => p.Contains("pair_srm_thumbprint"));
            Assert.Null(resolved.Spec.SrmThumbprint);

            var probed = await PairingResolver.ResolveAsync(new PairingInputs
            {
                RemoteConnection = resolved.RemoteConnection,
                Credential = TestData.Credential(),
            }, Probe, CancellationToken.None);

            Assert.False(probed.DeriveSrmThumbprint);
            Assert.Equal(Thumbprint.Sha1(_srmCert), probed.Spec.SrmThumbprint);
            Assert.Empty(probed.Spec.Validate());
            Assert.Empty(PairingResolver.Validate(probed));
        }

        [Fact]
        public async Task ResolveAsync_refuses_inputs_with_problems_before_reading_any_certificate()
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => PairingResolver.ResolveAsync(
                new PairingInputs { RemoteConnection = Remote(), VcGuid = "nope", Credential = TestData.Credential() }, Probe, CancellationToken.None));

            Assert.Contains("-RemoteVcGuid", error.Message);
            Assert.Empty(_probed);
        }

        [Fact]
        public async Task Resolver_lets_explicit_values_win_and_reads_no_certificate_then()
        {
            var resolved = PairingResolver.Resolve(new PairingInputs
            {
                RemoteConnection = Remote(),
                PscUrl = " psc-b.test ",
                PscPort = 7444,
                PscThumbprint = "AA:BB",
                VcGuid = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c03",
                SrmUrl = "srm-x.test",
                SrmThumbprint = "CC:DD",
            });
            await PairingResolver.AddThumbprintsAsync(resolved, Probe, CancellationToken.None);

            Assert.Equal("psc-b.test", resolved.Spec.PscUrl);
            Assert.Equal(7444, resolved.Spec.PscPort);
            Assert.Equal("srm-x.test", resolved.Spec.SrmUrl);
            Assert.Equal("CC:DD", resolved.Spec.SrmThumbprint);
            Assert.Equal("AA:BB", resolved.Spec.PscThumbprint);
            Assert.Empty(_probed);
            Assert.Contains("url psc-b.test from -RemotePscUrl", resolved.Notes);
            Assert.Contains("port 7444 from -RemotePscPort", resolved.Notes);
            Assert.Contains(resolved.Warnings, w => w.Contains("is not the vCenter Server of srm-b.test"));
        }

        [Fact]
        public async Task Resolver_refuses_a_certificate_that_is_not_the_one_pinned_for_the_remote_connection()
        {
            using var other = TestCertificates.Create("CN=other");
            var resolved = PairingResolver.Resolve(new PairingInputs { RemoteConnection = Remote(new SrmClientOptions { CertificateThumbprint = Thumbprint.Sha1(other) }) });

            var error = await Assert.ThrowsAsync<SrmApiException>(() => PairingResolver.AddThumbprintsAsync(resolved, Probe, CancellationToken.None));

            Assert.Equal(SrmErrorKind.CertificateNotTrusted, error.Kind);
            Assert.Contains("not the one pinned", error.Message);
            Assert.Null(resolved.Spec.SrmThumbprint);
        }

        [Fact]
        public async Task Resolver_leaves_out_a_PSC_thumbprint_it_cannot_read()
        {
            var resolved = PairingResolver.Resolve(new PairingInputs
            {
                RemoteConnection = Remote(new SrmClientOptions { CertificateThumbprint = Thumbprint.Sha1(_srmCert) }),
                PscUrl = "unreachable.test",
            });
            await PairingResolver.AddThumbprintsAsync(resolved, Probe, CancellationToken.None);

            Assert.Null(resolved.Spec.PscThumbprint);
            Assert.Contains(resolved.Notes, n => n.StartsWith("thumbprint: not read", StringComparison.Ordinal) && n.Contains("unreachable.test"));
            Assert.Empty(resolved.Warnings);
        }

        [Fact]
        public void Resolver_without_a_remote_connection_copies_the_explicit_values_and_notes_nothing()
        {
            var resolved = PairingResolver.Resolve(new PairingInputs { PscUrl = "vc-b.test", VcGuid = RemoteGuid, Credential = TestData.Credential() });

            Assert.Equal("vc-b.test", resolved.Spec.PscUrl);
            Assert.Null(resolved.Spec.SrmUrl);
            Assert.False(resolved.DeriveSrmThumbprint);
            Assert.Empty(resolved.Notes);
        }

        [Fact]
        public async Task Preflight_passes_a_good_pairing_and_skips_what_does_not_apply()
        {
            var checks = await PairingPreflight.RunAsync(Local(), new PairingInputs { PscUrl = "vc-b.test", VcGuid = RemoteGuid },
                Pairings(Pairing("self", LocalGuid, LocalGuid)), Probe, CancellationToken.None);

            Assert.Equal(new[] { "Input", "NotSelf", "NotPaired", "RemotePscReachable", "RemotePscThumbprint", "RemoteSrmThumbprint", "RemoteVcGuid", "ExtensionKey" },
                checks.Select(c => c.Name));
            Assert.DoesNotContain(checks, c => c.Result == SrmCheckResult.Failed);
            Assert.Equal(SrmCheckResult.Passed, ResultOf(checks, "RemotePscReachable"));
            Assert.Equal(SrmCheckResult.Skipped, ResultOf(checks, "RemotePscThumbprint"));
            Assert.Equal(SrmCheckResult.Skipped, ResultOf(checks, "ExtensionKey"));
            Assert.All(checks, c => Assert.Contains(RemoteGuid, c.Target));
            Assert.NotEqual(0, (int)SrmCheckResult.Passed);
        }

        [Fact]
        public async Task Preflight_fails_each_check_with_a_reason()
        {
            var checks = await PairingPreflight.RunAsync(Local(), new PairingInputs
            {
                PscUrl = "vc-b.test",
                PscThumbprint = Thumbprint.Sha256(_srmCert),
                VcGuid = RemoteGuid,
                SrmUrl = "srm-b.test",
                SrmThumbprint = Thumbprint.Sha1(_pscCert),
            }, Pairings(Pairing("pairing-9", LocalGuid, RemoteGuid)), Probe, CancellationToken.None);

            Assert.Equal(SrmCheckResult.Passed, ResultOf(checks, "Input"));
            Assert.Equal(SrmCheckResult.Failed, ResultOf(checks, "NotPaired"));
            Assert.Contains("pairing-9", checks.Single(c => c.Name == "NotPaired").Message);
            Assert.Equal(SrmCheckResult.Failed, ResultOf(checks, "RemotePscThumbprint"));
            Assert.Contains(Thumbprint.Sha256(_pscCert), checks.Single(c => c.Name == "RemotePscThumbprint").Message);
            Assert.Equal(SrmCheckResult.Failed, ResultOf(checks, "RemoteSrmThumbprint"));
        }

        [Fact]
        public async Task Preflight_fails_self_unreachable_PSC_and_bad_input()
        {
            var checks = await PairingPreflight.RunAsync(Local(), new PairingInputs
            {
                PscUrl = "nowhere.test",
                PscThumbprint = "not-hex",
                VcGuid = LocalGuid,
                SrmUrl = "srm-b.test",
            }, Pairings(), Probe, CancellationToken.None);

            Assert.Equal(SrmCheckResult.Failed, ResultOf(checks, "Input"));
            Assert.Contains("pair_srm_thumbprint", checks.Single(c => c.Name == "Input").Message);
            Assert.Contains("-RemotePscThumbprint", checks.Single(c => c.Name == "Input").Message);
            Assert.DoesNotContain("credential", checks.Single(c => c.Name == "Input").Message);
            Assert.Equal(SrmCheckResult.Failed, ResultOf(checks, "NotSelf"));
            Assert.Equal(SrmCheckResult.Failed, ResultOf(checks, "RemotePscReachable"));
            Assert.Contains("could not be resolved", checks.Single(c => c.Name == "RemotePscReachable").Message);
            Assert.Equal(SrmCheckResult.Skipped, ResultOf(checks, "RemotePscThumbprint"));
        }

        [Fact]
        public async Task Preflight_with_a_remote_connection_compares_GUID_and_extension_key()
        {
            var good = await PairingPreflight.RunAsync(Local(), new PairingInputs { RemoteConnection = Remote(), VcGuid = RemoteGuid },
                Pairings(), Probe, CancellationToken.None);
            Assert.Equal(SrmCheckResult.Passed, ResultOf(good, "RemoteVcGuid"));
            Assert.Equal(SrmCheckResult.Passed, ResultOf(good, "ExtensionKey"));
            Assert.Equal(SrmCheckResult.Passed, ResultOf(good, "Input"));

            var bad = await PairingPreflight.RunAsync(Local(), new PairingInputs
            {
                RemoteConnection = Remote(extensionKey: "com.vmware.vcDr-other"),
                VcGuid = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c03",
            }, Pairings(), Probe, CancellationToken.None);
            Assert.Equal(SrmCheckResult.Failed, ResultOf(bad, "RemoteVcGuid"));
            Assert.Equal(SrmCheckResult.Failed, ResultOf(bad, "ExtensionKey"));
            Assert.Contains("same extension key", bad.Single(c => c.Name == "ExtensionKey").Message);

            var local = Local();
            var self = await PairingPreflight.RunAsync(local, new PairingInputs { RemoteConnection = local }, Pairings(), Probe, CancellationToken.None);
            Assert.Equal(SrmCheckResult.Failed, ResultOf(self, "NotSelf"));
        }

        [Fact]
        public async Task Preflight_reports_pairings_it_cannot_read_as_a_failed_check()
        {
            var checks = await PairingPreflight.RunAsync(Local(), new PairingInputs { PscUrl = "vc-b.test", VcGuid = RemoteGuid },
                _ => throw new SrmApiException(SrmErrorKind.Forbidden, "GET", "/pairings", "GET /pairings: 403 Forbidden."), Probe, CancellationToken.None);

            Assert.Equal(SrmCheckResult.Failed, ResultOf(checks, "NotPaired"));
            Assert.Contains("403", checks.Single(c => c.Name == "NotPaired").Message);
        }
    }
}
