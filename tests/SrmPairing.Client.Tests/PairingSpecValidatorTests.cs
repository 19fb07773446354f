using System.Text;
using Newtonsoft.Json.Linq;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.Client.Tests
{
    /// <summary>The one check of pairing input (PairingSpecValidator, applied by PairingResolver.Resolve) and the canonical forms it sends.</summary>
    public class PairingSpecValidatorTests
    {
        private const string Guid = "7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02";
        private const string Sha1 = "3B:96:2F:1C:8D:44:A0:7E:55:C2:19:6B:E8:0D:73:F4:A1:2C:9E:58";
        private const string Sha256 = "09:0C:45:82:CA:5F:0F:76:AC:CE:0E:BC:D1:2E:D1:5C:52:B3:01:1B:ED:ED:35:FC:13:9C:45:A9:93:CC:46:F1";

        private static PairingInputs Inputs(string pscUrl = "vc-b.example.com", int? port = null, string vcGuid = Guid,
            string? pscThumbprint = null, string? srmUrl = null, string? srmThumbprint = null) => new PairingInputs
        {
            PscUrl = pscUrl,
            PscPort = port,
            VcGuid = vcGuid,
            PscThumbprint = pscThumbprint,
            SrmUrl = srmUrl,
            SrmThumbprint = srmThumbprint,
            Credential = TestData.Credential(),
        };

        private static string SingleProblem(PairingInputs inputs)
        {
            var resolved = PairingResolver.Resolve(inputs);
            Assert.Equal(resolved.InputProblems, PairingResolver.Validate(resolved));
            return Assert.Single(resolved.InputProblems);
        }

        [Theory]
        [InlineData("vc-b.example.com\r\nX-Injected: 1", "control character")]
        [InlineData("vc-b.example.com\n", "control character")]
        [InlineData("vc-b.example.com/ui", "path")]
        [InlineData("https://vc-b.example.com/sso/login", "path")]
        [InlineData("vc-b.example.com?x=1", "query")]
        [InlineData("https://vc-b.example.com/#top", "query or fragment")]
        [InlineData("https://administrator:Secret-PW-1@vc-b.example.com", "names a user")]
        [InlineData("administrator@vc-b.example.com", "names a user")]
        [InlineData("vc-b .example.com", "whitespace")]
        [InlineData("http://vc-b.example.com", "is not https://")]
        [InlineData("ldaps://vc-b.example.com", "is not https://")]
        [InlineData("vc-b.example.com:abc", "not a number from 1 to 65535")]
        [InlineData("vc-b.example.com:0", "not a number from 1 to 65535")]
        [InlineData("vc-b.example.com:65536", "not a number from 1 to 65535")]
        [InlineData("https://:443", "names no server")]
        [InlineData("vc-b;example.com", "cannot be part of a server name")]
        [InlineData("[not-v6]:443", "is not a server name")]
        public void A_bad_PSC_URL_is_refused_naming_the_parameter(string url, string why)
        {
            var problem = SingleProblem(Inputs(pscUrl: url));

            Assert.StartsWith("-RemotePscUrl (url)", problem);
            Assert.Contains(why, problem);
            Assert.DoesNotContain("Secret-PW-1", problem);
            Assert.DoesNotContain("\n", problem);
            Assert.DoesNotContain("\r", problem);
        }

        [Fact]
        public void A_refused_URL_with_a_password_keeps_it_out_of_the_spec_as_well()
        {
            var resolved = PairingResolver.Resolve(Inputs(pscUrl: "https://administrator:Secret-PW-1@vc-b.example.com"));

            Assert.DoesNotContain("Secret-PW-1", resolved.Spec.PscUrl);
            Assert.DoesNotContain("Secret-PW-1", resolved.Spec.ToString());
        }

        [Theory]
        [InlineData("vc-b.example.com", null, "vc-b.example.com", 443)]
        [InlineData("  vc-b.example.com ", null, "vc-b.example.com", 443)]
        [InlineData("vc-b.example.com:443", null, "vc-b.example.com", 443)]
        [InlineData("vc-b.example.com:7444", null, "vc-b.example.com", 7444)]
        [InlineData("https://vc-b.example.com", null, "vc-b.example.com", 443)]
        [InlineData("HTTPS://vc-b.example.com/", null, "vc-b.example.com", 443)]
        [InlineData("https://vc-b.example.com:8443", null, "vc-b.example.com", 8443)]
        [InlineData("https://vc-b.example.com:8443/", 8443, "vc-b.example.com", 8443)]
        [InlineData("vc-b.example.com", 7444, "vc-b.example.com", 7444)]
        [InlineData("127.0.0.1:8443", null, "127.0.0.1", 8443)]
        [InlineData("[fe80::1]:8443", null, "[fe80::1]", 8443)]
        [InlineData("fe80::1", null, "[fe80::1]", 443)]
        public void A_good_PSC_URL_is_sent_as_the_host_with_its_port_in_the_port_field(string url, int? port, string host, int expectedPort)
        {
            var resolved = PairingResolver.Resolve(Inputs(pscUrl: url, port: port));

            Assert.Empty(PairingResolver.Validate(resolved));
            Assert.Equal(host, resolved.Spec.PscUrl);
            Assert.Equal(expectedPort, resolved.Spec.PscPort);
            var body = JObject.Parse(Encoding.UTF8.GetString(resolved.Spec.ToJsonBytes()));
            Assert.Equal(host, (string?)body["pair_psc_info"]!["url"]);
            Assert.Equal(expectedPort, (int?)body["pair_psc_info"]!["port"]);
        }

        [Fact]
        public void A_port_in_the_URL_is_never_doubled()
        {
            var spec = PairingResolver.Resolve(Inputs(pscUrl: "vc-b.example.com:443")).Spec;

            Assert.Contains("via vc-b.example.com:443", spec.ToString());
            Assert.DoesNotContain("443:443", spec.ToString());
        }

        [Fact]
        public void A_URL_port_that_differs_from_RemotePscPort_is_refused()
        {
            var problem = SingleProblem(Inputs(pscUrl: "https://vc-b.example.com:8443", port: 443));

            Assert.Contains("-RemotePscUrl (url) names the port 8443 but -RemotePscPort (port) is 443", problem);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(65536)]
        public void A_port_out_of_range_is_refused_once(int port)
        {
            var resolved = PairingResolver.Resolve(Inputs(port: port));

            Assert.StartsWith("-RemotePscPort (port)", Assert.Single(PairingResolver.Validate(resolved).Distinct()));
        }

        [Theory]
        [InlineData("zz", "-RemotePscThumbprint (thumbprint): 'z' is not a hex digit")]
        [InlineData("not-hex", "-RemotePscThumbprint (thumbprint): 'n' is not a hex digit")]
        [InlineData("AA:BB", "-RemotePscThumbprint (thumbprint): 'AA:BB' has 4 hex digits")]
        [InlineData(Sha1 + ":AA", "has 42 hex digits")]
        public void A_bad_PSC_thumbprint_is_refused_naming_the_parameter(string thumbprint, string expected)
        {
            Assert.Contains(expected, SingleProblem(Inputs(pscThumbprint: thumbprint)));
        }

        [Theory]
        [InlineData("not-hex", "-RemoteSrmThumbprint (pair_srm_thumbprint): 'n' is not a hex digit")]
        [InlineData("0E3E", "-RemoteSrmThumbprint (pair_srm_thumbprint): '0E3E' has 4 hex digits")]
        public void A_bad_SRM_thumbprint_is_refused_naming_the_parameter(string thumbprint, string expected)
        {
            Assert.Contains(expected, SingleProblem(Inputs(srmUrl: "srm-b.example.com", srmThumbprint: thumbprint)));
        }

        [Theory]
        [InlineData(Sha1, Sha1)]
        [InlineData("3b962f1c8d44a07e55c2196be80d73f4a12c9e58", Sha1)]
        [InlineData("3b 96 2f 1c 8d 44 a0 7e 55 c2 19 6b e8 0d 73 f4 a1 2c 9e 58", Sha1)]
        [InlineData(Sha256, Sha256)]
        public void A_good_thumbprint_is_sent_in_the_colon_form(string given, string sent)
        {
            var resolved = PairingResolver.Resolve(Inputs(pscThumbprint: given, srmUrl: "srm-b.example.com:8443", srmThumbprint: given));

            Assert.Empty(PairingResolver.Validate(resolved));
            Assert.Equal(sent, resolved.Spec.PscThumbprint);
            Assert.Equal(sent, resolved.Spec.SrmThumbprint);
            Assert.Equal("srm-b.example.com:8443", resolved.Spec.SrmUrl);
        }

        [Theory]
        [InlineData("srm-b.example.com/path", "path")]
        [InlineData("https://user:pw@srm-b.example.com", "names a user")]
        [InlineData("srm-b.example.com\r\n", "control character")]
        public void A_bad_SRM_URL_is_refused_naming_the_parameter(string url, string why)
        {
            var problem = SingleProblem(Inputs(srmUrl: url, srmThumbprint: Sha1));

            Assert.StartsWith("-RemoteSrmUrl (pair_srm_url)", problem);
            Assert.Contains(why, problem);
        }

        [Theory]
        [InlineData("{7D3C2B1A-0E9F-4A8B-8C7D-6E5F4A3B2C02}")]
        [InlineData("7D3C2B1A-0E9F-4A8B-8C7D-6E5F4A3B2C02")]
        [InlineData("7d3c2b1a0e9f4a8b8c7d6e5f4a3b2c02")]
        [InlineData("(7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02)")]
        [InlineData(" {7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02} ")]
        public void A_GUID_in_any_form_is_sent_in_the_lower_case_D_form(string given)
        {
            var resolved = PairingResolver.Resolve(Inputs(vcGuid: given));

            Assert.Empty(PairingResolver.Validate(resolved));
            Assert.Equal(Guid, resolved.Spec.VcGuid);
            Assert.Equal(Guid, (string?)JObject.Parse(Encoding.UTF8.GetString(resolved.Spec.ToJsonBytes()))["pair_vc_guid"]);
            Assert.Equal(Guid, PairingSpecValidator.NormalizeGuid(given));
            Assert.True(PairingSpecValidator.SameGuid(given, Guid));
        }

        [Theory]
        [InlineData("vc-b")]
        [InlineData("7d3c2b1a-0e9f-4a8b-8c7d")]
        public void A_vCenter_GUID_that_is_not_a_GUID_is_refused(string given)
        {
            Assert.StartsWith("-RemoteVcGuid (pair_vc_guid):", SingleProblem(Inputs(vcGuid: given)));
            Assert.Null(PairingSpecValidator.NormalizeGuid(given));
        }

        [Theory]
        [InlineData(null, null)]
        [InlineData("", null)]
        [InlineData("  ", null)]
        [InlineData("443", 443)]
        [InlineData(" 8443 ", 8443)]
        public void A_port_as_given_in_a_CSV_cell_is_read_blank_as_not_given(string? text, int? expected)
        {
            Assert.Null(PairingSpecValidator.CheckPort(text, out var port));
            Assert.Equal(expected, port);
        }

        [Theory]
        [InlineData("abc")]
        [InlineData("0")]
        [InlineData("65536")]
        [InlineData("-443")]
        [InlineData("4 43")]
        [InlineData("443.0")]
        public void A_port_cell_that_is_not_a_port_number_is_refused(string text)
        {
            var problem = PairingSpecValidator.CheckPort(text, out var port);

            Assert.Null(port);
            Assert.StartsWith("-RemotePscPort (port): '" + text + "'", problem);
        }

        [Fact]
        public void Every_bad_value_of_one_input_is_reported()
        {
            var resolved = PairingResolver.Resolve(Inputs(pscUrl: "vc-b/x", vcGuid: "nope", pscThumbprint: "zz", srmUrl: "srm-b", srmThumbprint: "yy"));

            Assert.Equal(4, resolved.InputProblems.Count);
        }

        [Fact]
        public void A_refused_value_is_quoted_short()
        {
            var problem = SingleProblem(Inputs(pscUrl: "vc-b.example.com/" + new string('x', 5000)));

            Assert.True(problem.Length < 400, problem);
        }
    }
}
