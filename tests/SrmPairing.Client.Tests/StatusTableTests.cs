using System.Net;
using System.Text.RegularExpressions;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    /// <summary>
    /// Runs every row of <see cref="StatusTable"/> against the fake server: each answer gives exactly its documented
    /// outcome, never a raw .NET exception or a hang, and the request is sent as often as the row says.
    /// </summary>
    public class StatusTableTests
    {
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

        public static IEnumerable<object[]> Cases => StatusTable.Cases.Select(Arguments);

        [Theory]
        [MemberData(nameof(Cases))]
        public Task Each_answer_has_its_documented_outcome(string operation, int status, string body) =>
            Check(StatusTable.Find(operation, status, body));

        // Three short arguments rather than one long name: xunit shortens a string argument to 50 characters.
        private static object[] Arguments(StatusCase row) => new object[] { row.Operation.Name, row.Status, row.Body.Name };

        private static async Task Check(StatusCase row)
        {
            var operation = row.Operation;
            var handler = new FakeSrmHandler();
            using var client = operation.NeedsSession
                ? await TestData.LoggedInClient(handler, StatusTable.Options())
                : TestData.Client(handler, StatusTable.Options());
            var before = handler.Requests.Count;
            handler.Responder = request => Answer(row, request);

            string? result = null;
            Exception? error = null;
            using (var cancel = new CancellationTokenSource(Guard))
            {
                try
                {
                    result = await operation.Run(client, cancel.Token).WaitAsync(Guard);
                }
                catch (Exception ex)
                {
                    error = ex;
                }
            }

            var expected = row.Expected;
            if (expected.Kind == null)
            {
                Assert.True(error == null, $"{row}: expected '{expected.Result}', got {error}");
                Assert.Equal(expected.Result, result);
            }
            else
            {
                Assert.True(error is SrmApiException, $"{row}: expected an SrmApiException ({expected.Kind}), got " + (error?.ToString() ?? $"'{result}'"));
                var failure = (SrmApiException)error!;
                Assert.True(expected.Kind == failure.Kind, $"{row}: expected {expected.Kind}, got {failure.Kind}: {failure.Message}");
                AssertReadable(failure);
                if (row.Body.Text != null && row.Body.Text.Contains(TestData.OpId, StringComparison.Ordinal))
                {
                    // The server's op_id reaches the user whatever the kind.
                    Assert.Equal(TestData.OpId, failure.OpId);
                    Assert.Contains(TestData.OpId, failure.Message);
                }
            }

            var sent = handler.Requests.Skip(before).Count(operation.Matches);
            Assert.True(row.Sends == sent, $"{row}: expected {operation.Name} to be sent {row.Sends} time(s), it was sent {sent} time(s).");
        }

        private static HttpResponseMessage Answer(StatusCase row, RecordedRequest request)
        {
            var operation = row.Operation;
            if (operation.Matches(request))
            {
                return row.Response();
            }

            if (operation.AnsweredBefore is { } first && request.Method.Method == first.Method && request.ApiPath == first.Path)
            {
                return new HttpResponseMessage((HttpStatusCode)first.Status);
            }

            if (request.ApiPath == "/session" && request.Method == HttpMethod.Post)
            {
                return FakeSrmHandler.Json(StatusBodies.SessionId.Text!);
            }

            if (request.ApiPath == "/session" && request.Method == HttpMethod.Get)
            {
                return FakeSrmHandler.Json(StatusBodies.SessionInfo.Text!);
            }

            throw new InvalidOperationException($"{row}: the fake SRM server got an unexpected request: {request}");
        }

        /// <summary>A message an administrator can read: no markup, no secrets.</summary>
        private static void AssertReadable(SrmApiException failure)
        {
            var text = failure.ToString();
            Assert.DoesNotContain("<html", failure.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(TestData.SessionId, text);
            Assert.DoesNotContain(StatusTable.RenewedSessionId, text);
            Assert.DoesNotContain(TestData.Password, text);
            Assert.DoesNotContain(TestData.RemotePassword, text);
        }

        // ---- the table itself ----------------------------------------------------------------------------------

        [Fact]
        public void Case_names_are_unique()
        {
            var twice = StatusTable.Cases.GroupBy(c => (c.Operation.Name, c.Status, c.Body.Name)).Where(g => g.Count() > 1).Select(g => g.First().Name).ToList();
            Assert.True(twice.Count == 0, "Named twice: " + string.Join("; ", twice));
        }

        [Fact]
        public void Every_listed_status_has_a_valid_an_empty_and_an_html_body_and_every_operation_the_unlisted_ones()
        {
            var missing = new List<string>();
            foreach (var operation in StatusTable.Operations)
            {
                var rows = StatusTable.Cases.Where(c => c.Operation == operation).ToList();
                foreach (var (status, schema) in operation.SpecResponses)
                {
                    var bodies = rows.Where(c => c.Status == status).Select(c => c.Body).ToList();
                    if (schema != null && !bodies.Any(b => b.IsSchemaValid))
                    {
                        missing.Add($"{operation.Name} {status}: a {schema} body");
                    }

                    if (!bodies.Contains(StatusBodies.Empty))
                    {
                        missing.Add($"{operation.Name} {status}: an empty body");
                    }

                    if (!bodies.Contains(StatusBodies.Html))
                    {
                        missing.Add($"{operation.Name} {status}: an HTML body");
                    }
                }

                foreach (var status in new[] { 408, 429, 502, 503, 504, 418 })
                {
                    if (operation.SpecResponses.ContainsKey(status) || !rows.Any(c => c.Status == status))
                    {
                        missing.Add($"{operation.Name} {status}");
                    }
                }
            }

            Assert.True(missing.Count == 0, "Missing from the table: " + string.Join("; ", missing));
        }

        [Fact]
        public void Only_2xx_answers_give_a_typed_result()
        {
            // A 2xx fails only with a body the client cannot use, or when it is the GET /session check of a refused
            // remote login; an error status gives a result only as GET .../remote-session's "not logged in" (null).
            var wrong = StatusTable.Cases
                .Where(c => c.Status / 100 == 2
                    ? c.Expected.Kind != null && c.Expected.Kind != SrmErrorKind.InvalidResponse && c.Operation != StatusTable.SessionCheck
                    : c.Expected.Kind == null && !(c.Operation == StatusTable.RemoteSession && c.Expected.Result == "not logged in (null)"))
                .Select(c => c.ToString())
                .ToList();
            Assert.True(wrong.Count == 0, string.Join("; ", wrong));
        }

        /// <summary>
        /// The error id of each row is what the cmdlets give for its kind: the case of SrmErrors.PairingFromApi
        /// (SrmErrors.Pairing.cs) for the cmdlets on one pairing, else that of SrmErrors.FromApi (its default for a kind
        /// it does not name).
        /// </summary>
        [Fact]
        public void The_error_ids_are_the_ones_the_cmdlets_give()
        {
            var source = SourceFolder();
            var srmErrors = File.ReadAllText(Path.Combine(source, "SrmErrors.cs"));
            var pairingErrors = File.ReadAllText(Path.Combine(source, "SrmErrors.Pairing.cs"));
            var wrong = new List<string>();
            foreach (var row in StatusTable.Cases)
            {
                if (row.Expected.Kind is not { } kind)
                {
                    continue;
                }

                if (row.Expected.ErrorId == null)
                {
                    if (string.IsNullOrWhiteSpace(row.Expected.Note))
                    {
                        wrong.Add($"{row}: no error id and no note saying what the user sees");
                    }

                    continue;
                }

                var branch = (row.Operation.PairingErrors ? CaseOf(pairingErrors, kind) : null) ?? CaseOf(srmErrors, kind) ?? DefaultOf(srmErrors);
                if (!branch.Contains("\"" + row.Expected.ErrorId + "\"", StringComparison.Ordinal))
                {
                    wrong.Add($"{row}: the cmdlets map {kind} with: {branch.Trim()}");
                }
            }

            Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong.Distinct()));
        }

        private static string? CaseOf(string source, SrmErrorKind kind)
        {
            var match = Regex.Match(source, @"case SrmErrorKind\." + kind + @":(.*?)(?=case SrmErrorKind\.|default:)", RegexOptions.Singleline);
            return match.Success ? match.Groups[1].Value : null;
        }

        private static string DefaultOf(string source) =>
            Regex.Match(source, @"default:(.*?);", RegexOptions.Singleline).Groups[1].Value;

        private static string SourceFolder()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SrmPairing.sln")))
                {
                    return Path.Combine(dir.FullName, "src", "SrmPairing");
                }
            }

            throw new DirectoryNotFoundException("The folder holding SrmPairing.sln was not found above " + AppContext.BaseDirectory);
        }
    }
}
