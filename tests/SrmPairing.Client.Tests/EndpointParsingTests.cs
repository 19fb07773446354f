using Srm.Client.Http;

namespace Srm.Client.Tests
{
    public class EndpointParsingTests
    {
        [Theory]
        [InlineData("srm-a.example.com", "srm-a.example.com", 443, "https://srm-a.example.com/api/rest/srm/v2")]
        [InlineData("  srm-a.example.com  ", "srm-a.example.com", 443, "https://srm-a.example.com/api/rest/srm/v2")]
        [InlineData("srm-a.example.com:8443", "srm-a.example.com", 8443, "https://srm-a.example.com:8443/api/rest/srm/v2")]
        [InlineData("https://srm-a.example.com", "srm-a.example.com", 443, "https://srm-a.example.com/api/rest/srm/v2")]
        [InlineData("HTTPS://srm-a.example.com", "srm-a.example.com", 443, "https://srm-a.example.com/api/rest/srm/v2")]
        [InlineData("https://srm-a.example.com:8443/", "srm-a.example.com", 8443, "https://srm-a.example.com:8443/api/rest/srm/v2")]
        [InlineData("https://srm-a.example.com/api/rest/srm/v2", "srm-a.example.com", 443, "https://srm-a.example.com/api/rest/srm/v2")]
        [InlineData("https://srm-a.example.com:9443/api/rest/srm/v2/", "srm-a.example.com", 9443, "https://srm-a.example.com:9443/api/rest/srm/v2")]
        [InlineData("192.0.2.10", "192.0.2.10", 443, "https://192.0.2.10/api/rest/srm/v2")]
        [InlineData("[::1]:8443", "::1", 8443, "https://[::1]:8443/api/rest/srm/v2")]
        [InlineData("https://[2001:db8::5]", "2001:db8::5", 443, "https://[2001:db8::5]/api/rest/srm/v2")]
        public void Parses_accepted_forms(string text, string host, int port, string baseUri)
        {
            var endpoint = SrmEndpoint.Parse(text);

            Assert.Equal(host, endpoint.Host);
            Assert.Equal(port, endpoint.Port);
            Assert.Equal(baseUri, endpoint.BaseUri.ToString().TrimEnd('/'));
        }

        [Fact]
        public void Port_parameter_is_used_when_the_text_names_none()
        {
            var endpoint = SrmEndpoint.Parse("srm-a.example.com", 8443);

            Assert.Equal(8443, endpoint.Port);
            Assert.Equal("https://srm-a.example.com:8443/api/rest/srm/v2", endpoint.BaseUri.ToString().TrimEnd('/'));
        }

        [Fact]
        public void Port_parameter_applies_to_an_https_address_without_a_port()
        {
            Assert.Equal(9443, SrmEndpoint.Parse("https://srm-a.example.com/", 9443).Port);
        }

        [Theory]
        [InlineData("srm-a.example.com:8443", 8443)]
        [InlineData("https://srm-a.example.com:8443", 8443)]
        [InlineData("https://srm-a.example.com:443", 443)]
        [InlineData("[::1]:8443", 8443)]
        public void Port_parameter_that_agrees_with_the_text_is_accepted(string text, int port)
        {
            Assert.Equal(port, SrmEndpoint.Parse(text, port).Port);
        }

        [Theory]
        [InlineData("srm-a.example.com:8443", 9443)]
        [InlineData("https://srm-a.example.com:443", 8443)]
        [InlineData("[::1]:8443", 443)]
        public void Port_parameter_that_conflicts_with_the_text_is_refused(string text, int port)
        {
            var ex = Assert.Throws<ArgumentException>(() => SrmEndpoint.Parse(text, port));
            Assert.Contains(port.ToString(), ex.Message);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(65536)]
        public void Port_parameter_out_of_range_is_refused(int port)
        {
            Assert.Throws<ArgumentException>(() => SrmEndpoint.Parse("srm-a.example.com", port));
        }

        [Theory]
        [InlineData("http://srm-a.example.com")]
        [InlineData("HTTP://srm-a.example.com:8080/api/rest/srm/v2")]
        public void Plain_http_is_refused_with_a_reason(string text)
        {
            var ex = Assert.Throws<ArgumentException>(() => SrmEndpoint.Parse(text!));
            Assert.Contains("http://", ex.Message);
            Assert.Contains("https://", ex.Message);
        }

        [Theory]
        [InlineData("ftp://srm-a.example.com")]
        [InlineData("https://srm-a.example.com/ui")]
        [InlineData("https://srm-a.example.com/api/rest/srm/v1")]
        [InlineData("https://srm-a.example.com/api/rest/srm/v2/pairings")]
        [InlineData("srm-a.example.com/api")]
        [InlineData("https://srm-a.example.com/?x=1")]
        [InlineData("https://srm-a.example.com/#top")]
        [InlineData("https://admin:secret@srm-a.example.com")]
        [InlineData("srm a.example.com")]
        [InlineData("srm-a.example.com:http")]
        public void Other_addresses_are_refused(string text)
        {
            Assert.Throws<ArgumentException>(() => SrmEndpoint.Parse(text!));
        }

        [Theory]
        [InlineData("srm-a.example.com:0")]
        [InlineData("https://srm-a.example.com:0/")]
        public void Port_zero_in_the_text_is_refused(string text)
        {
            Assert.Throws<ArgumentException>(() => SrmEndpoint.Parse(text!));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void Blank_is_refused(string? text)
        {
            Assert.Throws<ArgumentException>(() => SrmEndpoint.Parse(text!));
        }

        [Fact]
        public void Path_refusal_names_the_path()
        {
            var ex = Assert.Throws<ArgumentException>(() => SrmEndpoint.Parse("https://srm-a.example.com/ui/"));
            Assert.Contains("/ui", ex.Message);
        }
    }
}
