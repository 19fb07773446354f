using System.Collections.Specialized;
using System.Net;
using Srm.Client.Http;
using Srm.Client.Text;

namespace Srm.Client.Tests
{
    /// <summary>Text from the server made safe to show: control characters visible, on one line, raw values kept.</summary>
    public class DisplayTextTests
    {
        [Theory]
        [InlineData("plain text, unchanged", "plain text, unchanged")]
        [InlineData("Boom \u001b[2J\r\nVERBOSE: fake", "Boom \u241b[2J\u240d\u240aVERBOSE: fake")]
        [InlineData("tab\there", "tab\u2409here")]
        [InlineData("nul\0del\u007f", "nul\u2400del\u2421")]
        [InlineData("csi\u009b2J", "csi<U+009B>2J")]
        [InlineData("bidi\u202eevil\u2066", "bidi<U+202E>evil<U+2066>")]
        [InlineData("line\u2028break", "line<U+2028>break")]
        [InlineData("caf\u00e9 \u00fcber \u65e5\u672c", "caf\u00e9 \u00fcber \u65e5\u672c")]
        public void OneLine_makes_control_characters_visible(string raw, string shown)
        {
            Assert.Equal(shown, DisplayText.OneLine(raw));
            Assert.Equal(raw != shown, DisplayText.NeedsEscaping(raw));
            Assert.False(DisplayText.NeedsEscaping(DisplayText.OneLine(raw)));
        }

        [Fact]
        public void OneLine_keeps_null_and_returns_safe_text_as_it_is()
        {
            Assert.Null(DisplayText.OneLine((string?)null));
            const string safe = "no control characters";
            Assert.Same(safe, DisplayText.OneLine(safe));
        }

        [Fact]
        public void OneLineValue_shows_nested_values_safely()
        {
            var result = new OrderedDictionary { { "pairing_id", "p-1\u001b[2J" }, { "count", 2 }, { "list", new object[] { "a\n", true } } };
            Assert.Equal("{pairing_id: p-1\u241b[2J, count: 2, list: {a\u240a, True}}", DisplayText.OneLineValue(result));
            Assert.Equal(string.Empty, DisplayText.OneLineValue(null));
        }

        [Fact]
        public async Task An_api_error_message_shows_the_server_text_safely_and_keeps_it_raw()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 0));
            handler.Enqueue(HttpStatusCode.BadRequest,
                "{\"error_code\":\"BAD\\u001b[31m\",\"message\":\"Boom \\u001b[2J\\r\\nVERBOSE: fake\",\"op_id\":\"op\\r\\n1\"}");
            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None));
            Assert.DoesNotMatch("[\\x00-\\x1f]", ex.Message);
            Assert.Contains("Boom \u241b[2J\u240d\u240aVERBOSE: fake", ex.Message);
            Assert.Equal("Boom \u001b[2J\r\nVERBOSE: fake", ex.ServerMessage);
            Assert.Equal("op\r\n1", ex.OpId);
        }
    }
}
