using System;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    /// <summary>SrmApiException.WithMessage: new words, the same failure.</summary>
    public class ApiExceptionRewordTests
    {
        private static SrmApiException RateLimited()
        {
            var original = new SrmApiException(SrmErrorKind.RateLimited, "DELETE", "/pairings/p-1",
                "DELETE /pairings/p-1 on srm-a failed with 429 Too Many Requests. Slow down. (error_code TOO_MANY, op_id op-42)",
                429, "TOO_MANY", "Slow down", "op-42");
            original.Data["RetryAfter"] = TimeSpan.FromSeconds(7);
            return original;
        }

        [Fact]
        public void WithMessage_keeps_kind_status_ids_and_data_and_wraps_the_original()
        {
            var original = RateLimited();

            var reworded = original.WithMessage("Removing pairing p-1 was refused: the server is busy.");

            Assert.Equal("Removing pairing p-1 was refused: the server is busy.", reworded.Message);
            Assert.Equal(SrmErrorKind.RateLimited, reworded.Kind);
            Assert.Equal("DELETE", reworded.Method);
            Assert.Equal("/pairings/p-1", reworded.Path);
            Assert.Equal(429, reworded.StatusCode);
            Assert.Equal("TOO_MANY", reworded.ErrorCode);
            Assert.Equal("Slow down", reworded.ServerMessage);
            Assert.Equal("op-42", reworded.OpId);
            Assert.True(reworded.IsTransient);
            Assert.Equal(TimeSpan.FromSeconds(7), reworded.Data["RetryAfter"]);
            Assert.Same(original, reworded.InnerException);
            Assert.StartsWith("DELETE /pairings/p-1", original.Message);
        }

        [Fact]
        public void WithMessage_makes_the_new_message_safe_to_show()
        {
            var reworded = RateLimited().WithMessage("Pairing \u001b[2Jp-1\r\nVERBOSE: fake was refused.");

            Assert.DoesNotContain('\u001b', reworded.Message);
            Assert.DoesNotContain('\n', reworded.Message);
            Assert.Contains("\u241b[2Jp-1", reworded.Message);
        }

        [Theory]
        [InlineData(null)]
        [InlineData(" ")]
        public void WithMessage_refuses_a_blank_message(string? message)
        {
            Assert.Throws<ArgumentException>(() => RateLimited().WithMessage(message!));
        }
    }
}
