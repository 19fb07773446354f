using System.Net;
using System.Net.Http;
using System.Text;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tests
{
    /// <summary>
    /// Every HTTP answer the client can meet, per operation, with the one outcome it has: a typed result, or an
    /// <see cref="SrmApiException"/> of a documented <see cref="SrmErrorKind"/> and the error id the cmdlets turn that
    /// kind into (SrmErrors.FromApi, or SrmErrors.PairingFromApi for the cmdlets that work on one pairing).
    /// </summary>
    /// <remarks>
    /// The statuses per operation are the spec's (paths relative to /api/rest/srm/v2), written here so that the table
    /// runs without the spec; SpecStatusCoverageTests compares them with the spec when it is present. Every operation
    /// also gets 408, 429, 502, 503, 504 (transient: a GET is repeated <see cref="Retries"/> time(s), a POST or DELETE is
    /// never repeated automatically) and 418, a status no operation lists. Each status with a body schema is answered
    /// with a schema-valid body, an empty body and an HTML page; each status without one with an empty body and an HTML
    /// page (and, for the statuses the spec does not list, a ResponseError too). Around the case, the fake server
    /// answers POST /session (a login, or the renewal after a 401) with 200 and a new session id, and GET /session with
    /// 200: so a 401 on a call with a session is renewed once, the call repeated once, and refused again.
    /// </remarks>
    internal static class StatusTable
    {
        public const string PairingId = "5b1e2d6c-8a4f-4e2b-9c3d-1f2e3d4c5b6a";
        public const string TaskId = "t-1";
        public const string RenewedSessionId = "SESSION-RENEWED-0c4f9a27";

        /// <summary>How often a GET is repeated after a transient status in these cases.</summary>
        public const int Retries = 1;

        // ---- the operations ------------------------------------------------------------------------------------

        public static readonly StatusOperation Login = new StatusOperation(
            "POST", "/session", "/session", "Connect-SrmServer", pairingErrors: false, needsSession: false,
            Responses((200, "SessionIdData"), (400, "ResponseError"), (500, "ResponseError")),
            async (client, token) =>
            {
                await client.LoginAsync(TestData.Credential(), token);
                return client.HasSession ? "logged in" : "no session";
            });

        /// <summary>GET /session is sent only as the check after POST .../remote-session answered 401.</summary>
        public static readonly StatusOperation SessionCheck = new StatusOperation(
            "GET", "/session", "/session", "Connect-SrmRemoteSite (the check after a 401 on POST .../remote-session)", pairingErrors: true, needsSession: true,
            Responses((200, "SessionInfo"), (400, "ResponseError"), (500, "ResponseError")),
            RemoteLogin,
            answeredBefore: ("POST", "/pairings/" + PairingId + "/remote-session", 401));

        public static readonly StatusOperation Logout = new StatusOperation(
            "DELETE", "/session", "/session", "Disconnect-SrmServer", pairingErrors: false, needsSession: true,
            Responses((204, null), (400, "ResponseError"), (401, null), (403, "ResponseError"), (500, "ResponseError")),
            async (client, token) =>
            {
                await client.LogoutAsync(token);
                return client.HasSession ? "still logged in" : "logged out";
            });

        public static readonly StatusOperation ServerInfo = new StatusOperation(
            "GET", "/server/info", "/server/info", "Connect-SrmServer", pairingErrors: false, needsSession: true,
            Responses((200, "SrmInfoDrResponseEntity"), (400, "ResponseError"), (401, null), (403, "ResponseError"), (500, "ResponseError")),
            async (client, token) =>
            {
                var info = await client.GetServerInfoAsync(token);
                return info == null ? "null" : $"server {info.Name} {info.Version}";
            });

        public static readonly StatusOperation Pairings = new StatusOperation(
            "GET", "/pairings", "/pairings", "Get-SrmPairing, New-SrmPairing, Test-SrmPairing", pairingErrors: false, needsSession: true,
            Responses((200, "PairingDrResponseList"), (400, "ResponseError"), (401, null), (403, "ResponseError"), (404, null), (500, "ResponseError")),
            async (client, token) => $"{(await client.GetPairingsAsync(token)).Count} pairing(s)");

        public static readonly StatusOperation CreatePairing = new StatusOperation(
            "POST", "/pairings", "/pairings", "New-SrmPairing", pairingErrors: false, needsSession: true,
            Responses((202, "Task"), (400, "ResponseError"), (401, null), (403, "ResponseError"), (500, "ResponseError")),
            async (client, token) => Describe(await client.CreatePairingAsync(TestData.Spec(), token)));

        public static readonly StatusOperation GetPairing = new StatusOperation(
            "GET", "/pairings/{pairing_id}", "/pairings/" + PairingId, "Get-SrmPairing -Id, Remove-SrmPairing, Connect-SrmRemoteSite", pairingErrors: true, needsSession: true,
            Responses((200, "PairingDrResponseEntity"), (400, "ResponseError"), (401, null), (403, "ResponseError"), (404, null), (500, "ResponseError")),
            async (client, token) => "pairing " + (await client.GetPairingAsync(PairingId, token)).PairingId);

        public static readonly StatusOperation DeletePairing = new StatusOperation(
            "DELETE", "/pairings/{pairing_id}", "/pairings/" + PairingId, "Remove-SrmPairing", pairingErrors: true, needsSession: true,
            Responses((202, "Task"), (400, "ResponseError"), (401, null), (403, "ResponseError"), (404, null), (500, "ResponseError")),
            async (client, token) => Describe(await client.DeletePairingAsync(PairingId, token)));

        public static readonly StatusOperation Reconnect = new StatusOperation(
            "POST", "/pairings/{pairing_id}/actions/reconnect", "/pairings/" + PairingId + "/actions/reconnect", "Repair-SrmPairing", pairingErrors: true, needsSession: true,
            Responses((202, "Task"), (400, "ResponseError"), (401, null), (403, "ResponseError"), (404, null), (500, "ResponseError")),
            async (client, token) => Describe(await client.ReconnectPairingAsync(PairingId, TestData.Spec(), token)));

        public static readonly StatusOperation RemoteLoginOperation = new StatusOperation(
            "POST", "/pairings/{pairing_id}/remote-session", "/pairings/" + PairingId + "/remote-session", "Connect-SrmRemoteSite, Remove-SrmPairing -RemoteCredential", pairingErrors: true, needsSession: true,
            Responses((204, null), (400, "ResponseError"), (401, null), (403, "ResponseError"), (404, null), (500, "ResponseError")),
            RemoteLogin);

        public static readonly StatusOperation RemoteSession = new StatusOperation(
            "GET", "/pairings/{pairing_id}/remote-session", "/pairings/" + PairingId + "/remote-session", "Remove-SrmPairing, Get-SrmPairing", pairingErrors: true, needsSession: true,
            Responses((200, "SessionInfo"), (400, "ResponseError"), (401, null), (403, "ResponseError"), (404, null), (500, "ResponseError")),
            async (client, token) =>
            {
                var user = await client.GetRemoteSessionUserAsync(PairingId, token);
                return user == null ? "not logged in (null)" : user.Length == 0 ? "logged in (user unknown)" : "logged in as " + user;
            });

        public static readonly StatusOperation RecentTasks = new StatusOperation(
            "GET", "/tasks", "/tasks", "Get-SrmTask, New-SrmPairing (after a lost answer)", pairingErrors: false, needsSession: true,
            Responses((200, "TaskDrResponseList"), (400, "ResponseError"), (401, null), (403, "ResponseError"), (500, "ResponseError")),
            async (client, token) => $"{(await client.GetRecentTasksAsync(token)).Count} task(s)");

        public static readonly StatusOperation TasksById = new StatusOperation(
            "GET", "/tasks", "/tasks", "Get-SrmTask -Id, Wait-SrmTask", pairingErrors: false, needsSession: true,
            Responses((200, "TaskDrResponseList"), (400, "ResponseError"), (401, null), (403, "ResponseError"), (500, "ResponseError")),
            async (client, token) => $"{(await client.GetTasksByIdAsync(new[] { TaskId }, token)).Count} task(s)",
            label: "GET /tasks?filter_property=id");

        public static readonly StatusOperation GetTask = new StatusOperation(
            "GET", "/tasks/{taskId}", "/tasks/" + TaskId, "Get-SrmTask -Id, Wait-SrmTask", pairingErrors: false, needsSession: true,
            Responses((200, "TaskDrResponseEntity"), (400, "ResponseError"), (401, null), (403, "ResponseError"), (404, null), (500, "ResponseError")),
            async (client, token) => Describe(await client.GetTaskAsync(TaskId, token)));

        public static readonly IReadOnlyList<StatusOperation> Operations = new[]
        {
            Login, SessionCheck, Logout, ServerInfo, Pairings, CreatePairing, GetPairing, DeletePairing, Reconnect,
            RemoteLoginOperation, RemoteSession, RecentTasks, TasksById, GetTask,
        };

        // ---- the table -----------------------------------------------------------------------------------------

        private static readonly StatusOutcome Invalid = Fails(SrmErrorKind.InvalidResponse, "SrmInvalidResponse");
        private static readonly StatusOutcome Refused = Fails(SrmErrorKind.Unauthorized, "SrmAuthenticationFailed");
        private static readonly StatusOutcome Bad = Fails(SrmErrorKind.BadRequest, "SrmBadRequest");
        private static readonly StatusOutcome Denied = Fails(SrmErrorKind.Forbidden, "SrmPermissionDenied");
        private static readonly StatusOutcome Failed = Fails(SrmErrorKind.ServerError, "SrmServerError");
        private static readonly StatusOutcome NoSuchPairing = Fails(SrmErrorKind.NotFound, "SrmPairingNotFound");
        private static readonly StatusOutcome NotLoggedIn = Fails(SrmErrorKind.RemoteSiteNotLoggedIn, "SrmRemoteSiteNotLoggedIn");

        private const string Queued = "task t-1 QUEUED";

        public static readonly IReadOnlyList<StatusCase> Cases = Build();

        private static List<StatusCase> Build()
        {
            var t = new Builder();

            // POST /session, the login. The spec lists 200, 400 and 500; appliances refuse a wrong password with 401.
            // 400 and 401 are both a refused login. Never repeated automatically, not even after a transient status.
            t.For(Login)
                .Row(200, StatusBodies.SessionId, Ok("logged in"))
                .Row(200, StatusBodies.Empty, Invalid)
                .Row(200, StatusBodies.Html, Invalid)
                .Rows(400, StatusBodies.ErrorBodies, Refused)
                .Rows(401, StatusBodies.Bare, Refused)
                .Rows(500, StatusBodies.ErrorBodies, Failed)
                .Unlisted(retried: false);

            // GET /session after POST .../remote-session answered 401: 200 says the local session is fine, so the remote
            // site refused the remote credential, whatever the body.
            t.For(SessionCheck)
                .Row(200, StatusBodies.SessionInfo, Fails(SrmErrorKind.RemoteLoginRefused, "SrmRemoteLoginFailed"))
                .Row(200, StatusBodies.Empty, Fails(SrmErrorKind.RemoteLoginRefused, "SrmRemoteLoginFailed"))
                .Row(200, StatusBodies.Html, Fails(SrmErrorKind.RemoteLoginRefused, "SrmRemoteLoginFailed"))
                .Rows(400, StatusBodies.ErrorBodies, Bad)
                .Rows(500, StatusBodies.ErrorBodies, Failed)
                .Unlisted(retried: true);

            // DELETE /session. No renewal on a 401: there is nothing left to close.
            t.For(Logout)
                .Rows(204, StatusBodies.Bare, Ok("logged out"))
                .Rows(400, StatusBodies.ErrorBodies, Bad)
                .Rows(401, StatusBodies.Bare, Fails(SrmErrorKind.Unauthorized, null, "no error: Disconnect-SrmServer says (verbose) that the session had already ended"))
                .Rows(403, StatusBodies.ErrorBodies, Denied)
                .Rows(500, StatusBodies.ErrorBodies, Failed)
                .Unlisted(retried: false);

            t.For(ServerInfo)
                .Row(200, StatusBodies.ServerInfo, Ok("server srm-a 9.0.2"))
                .Row(200, StatusBodies.Empty, Invalid)
                .Row(200, StatusBodies.Html, Invalid)
                .Rows(400, StatusBodies.ErrorBodies, Bad)
                .Rows(401, StatusBodies.Bare, Refused, sends: 2)
                .Rows(403, StatusBodies.ErrorBodies, Denied)
                .Rows(500, StatusBodies.ErrorBodies, Failed)
                .Unlisted(retried: true);

            t.For(Pairings)
                .Row(200, StatusBodies.PairingList, Ok("1 pairing(s)"))
                .Row(200, StatusBodies.Empty, Invalid)
                .Row(200, StatusBodies.Html, Invalid)
                .Rows(400, StatusBodies.ErrorBodies, Bad)
                .Rows(401, StatusBodies.Bare, Refused, sends: 2)
                .Rows(403, StatusBodies.ErrorBodies, Denied)
                .Rows(404, StatusBodies.Bare, Fails(SrmErrorKind.NotFound, "SrmNotFound"))
                .Rows(500, StatusBodies.ErrorBodies, Failed)
                .Unlisted(retried: true);

            // POST /pairings: a 401 was not acted on, so it is sent once more after the new login; nothing else repeats it.
            t.For(CreatePairing)
                .Row(202, StatusBodies.Task, Ok(Queued))
                .Row(202, StatusBodies.TaskWithMeta.Deviating("9.x servers answer TaskDrResponseEntity, a Task with _meta"), Ok(Queued))
                .Row(202, StatusBodies.TaskResultNull, Ok("task t-1 SUCCESS, no result"))
                .Row(202, StatusBodies.TaskResultString, Ok("task t-1 SUCCESS, result '" + PairingId + "'"))
                .Row(202, StatusBodies.TaskResultObject, Ok("task t-1 SUCCESS, result {pairing_id}"))
                .Row(202, StatusBodies.Empty, Invalid)
                .Row(202, StatusBodies.Html, Invalid)
                .Rows(400, StatusBodies.ErrorBodies, Bad)
                .Rows(401, StatusBodies.Bare, Refused, sends: 2)
                .Rows(403, StatusBodies.ErrorBodies, Denied)
                .Rows(500, StatusBodies.ErrorBodies, Failed)
                .Unlisted(retried: false);

            t.For(GetPairing)
                .Row(200, StatusBodies.PairingEntity, Ok("pairing " + PairingId))
                .Row(200, StatusBodies.Empty, Invalid)
                .Row(200, StatusBodies.Html, Invalid)
                .Rows(400, StatusBodies.ErrorBodies, Bad)
                .Rows(401, StatusBodies.Bare, Refused, sends: 2)
                .Rows(403, StatusBodies.ErrorBodies, Denied)
                .Rows(404, StatusBodies.Bare, NoSuchPairing)
                .Rows(500, StatusBodies.ErrorBodies, Failed)
                .Unlisted(retried: true);

            foreach (var startsTask in new[] { DeletePairing, Reconnect })
            {
                t.For(startsTask)
                    .Row(202, StatusBodies.Task, Ok(Queued))
                    .Row(202, StatusBodies.TaskWithMeta.Deviating("9.x servers answer TaskDrResponseEntity, a Task with _meta"), Ok(Queued))
                    .Row(202, StatusBodies.TaskResultNull, Ok("task t-1 SUCCESS, no result"))
                    .Row(202, StatusBodies.TaskResultString, Ok("task t-1 SUCCESS, result '" + PairingId + "'"))
                    .Row(202, StatusBodies.TaskResultObject, Ok("task t-1 SUCCESS, result {pairing_id}"))
                    .Row(202, StatusBodies.Empty, Invalid)
                    .Row(202, StatusBodies.Html, Invalid)
                    .Rows(400, StatusBodies.ErrorBodies, Bad)
                    .Row(400, StatusBodies.RemoteSiteNotAuthenticated, NotLoggedIn)
                    .Rows(401, StatusBodies.Bare, Refused, sends: 2)
                    .Rows(403, StatusBodies.ErrorBodies, Denied)
                    .Rows(404, StatusBodies.Bare, NoSuchPairing)
                    .Rows(500, StatusBodies.ErrorBodies, Failed)
                    .Unlisted(retried: false);
            }

            // POST .../remote-session: a 401 is checked with GET /session (answered 200 here): the remote site refused
            // the remote credential. It never renews the local session by itself.
            t.For(RemoteLoginOperation)
                .Rows(204, StatusBodies.Bare, Ok("logged in to the remote site"))
                .Rows(400, StatusBodies.ErrorBodies, Bad)
                .Rows(401, StatusBodies.Bare, Fails(SrmErrorKind.RemoteLoginRefused, "SrmRemoteLoginFailed"))
                .Rows(403, StatusBodies.ErrorBodies, Denied)
                .Rows(404, StatusBodies.Bare, NoSuchPairing)
                .Rows(500, StatusBodies.ErrorBodies, Failed)
                .Unlisted(retried: false);

            // GET .../remote-session: 401 and 404 both mean "not logged in to the remote site" once the local session
            // is known to be valid (GET /session answers 200 here). An empty 200 is a login whose user is not named.
            t.For(RemoteSession)
                .Row(200, StatusBodies.RemoteSessionInfo, Ok("logged in as remote-admin@vsphere.local"))
                .Row(200, StatusBodies.Empty, Ok("logged in (user unknown)"))
                .Row(200, StatusBodies.Html, Invalid)
                .Rows(400, StatusBodies.ErrorBodies, Bad)
                .Rows(401, StatusBodies.Bare, Ok("not logged in (null)"))
                .Rows(403, StatusBodies.ErrorBodies, Denied)
                .Rows(404, StatusBodies.Bare, Ok("not logged in (null)"))
                .Rows(500, StatusBodies.ErrorBodies, Failed)
                .Unlisted(retried: true);

            foreach (var list in new[] { RecentTasks, TasksById })
            {
                t.For(list)
                    .Row(200, StatusBodies.TaskList, Ok("1 task(s)"))
                    .Row(200, StatusBodies.TaskListMixed, Ok("3 task(s)"))
                    .Row(200, StatusBodies.Empty, Invalid)
                    .Row(200, StatusBodies.Html, Invalid)
                    .Rows(400, StatusBodies.ErrorBodies, Bad)
                    .Rows(401, StatusBodies.Bare, Refused, sends: 2)
                    .Rows(403, StatusBodies.ErrorBodies, Denied)
                    .Rows(500, StatusBodies.ErrorBodies, Failed)
                    .Unlisted(retried: true);
            }

            t.For(GetTask)
                .Row(200, StatusBodies.TaskWithMeta, Ok(Queued))
                .Row(200, StatusBodies.Task, Ok(Queued))
                .Row(200, StatusBodies.TaskResultNull, Ok("task t-1 SUCCESS, no result"))
                .Row(200, StatusBodies.TaskResultString, Ok("task t-1 SUCCESS, result '" + PairingId + "'"))
                .Row(200, StatusBodies.TaskResultObject, Ok("task t-1 SUCCESS, result {pairing_id}"))
                .Row(200, StatusBodies.Empty, Invalid)
                .Row(200, StatusBodies.Html, Invalid)
                .Rows(400, StatusBodies.ErrorBodies, Bad)
                .Rows(401, StatusBodies.Bare, Refused, sends: 2)
                .Rows(403, StatusBodies.ErrorBodies, Denied)
                .Rows(404, StatusBodies.Bare, Fails(SrmErrorKind.NotFound, "SrmNotFound"))
                .Rows(500, StatusBodies.ErrorBodies, Failed)
                .Unlisted(retried: true);

            return t.Cases;
        }

        /// <summary>The row for this operation, status and body; there is one.</summary>
        public static StatusCase Find(string operation, int status, string body) =>
            Cases.Single(c => c.Operation.Name == operation && c.Status == status && c.Body.Name == body);

        /// <summary>Options that keep every case short: one quick retry, a 1 ms wait for a 429, a 5 s request limit.</summary>
        public static SrmClientOptions Options() => new SrmClientOptions
        {
            MaxRequestsPerMinute = 0,
            MaximumRetryCount = Retries,
            RetryInterval = TimeSpan.FromMilliseconds(1),
            MaximumRetryDelay = TimeSpan.FromMilliseconds(1),
            RequestTimeout = TimeSpan.FromSeconds(5),
        };

        private static StatusOutcome Ok(string result) => new StatusOutcome(result, null, null, null);

        private static StatusOutcome Fails(SrmErrorKind kind, string? errorId, string? note = null) => new StatusOutcome(null, kind, errorId, note);

        private static IReadOnlyDictionary<int, string?> Responses(params (int Status, string? Schema)[] responses) =>
            responses.ToDictionary(r => r.Status, r => r.Schema);

        private static async Task<string> RemoteLogin(SrmClient client, CancellationToken token)
        {
            await client.LoginRemoteSiteAsync(PairingId, new SrmCredential("remote-admin@vsphere.local", TestData.Secure(TestData.RemotePassword)), token);
            return "logged in to the remote site";
        }

        private static string Describe(SrmTask task)
        {
            var result = task.Result switch
            {
                null => "no result",
                string text => "result '" + text + "'",
                System.Collections.IDictionary map => "result {" + string.Join(",", map.Keys.Cast<object>()) + "}",
                var other => "result " + other.GetType().Name,
            };
            return task.Status == SrmTaskStatus.QUEUED ? $"task {task.Id} QUEUED" : $"task {task.Id} {task.Status}, {result}";
        }

        private sealed class Builder
        {
            private StatusOperation? _operation;

            public List<StatusCase> Cases { get; } = new List<StatusCase>();

            public Builder For(StatusOperation operation)
            {
                _operation = operation;
                return this;
            }

            public Builder Row(int status, StatusBody body, StatusOutcome outcome, int sends = 1)
            {
                Cases.Add(new StatusCase(_operation ?? throw new InvalidOperationException("For(operation) comes first."), status, body, outcome, sends));
                return this;
            }

            public Builder Rows(int status, IEnumerable<StatusBody> bodies, StatusOutcome outcome, int sends = 1)
            {
                foreach (var body in bodies)
                {
                    Row(status, body, outcome, sends);
                }

                return this;
            }

            /// <summary>
            /// The statuses the spec lists for no operation. 408, 429, 502, 503 and 504 are transient: a GET is sent
            /// 1 + <see cref="Retries"/> times, a POST or DELETE once; then the status's own kind. 418 is not retried.
            /// </summary>
            public Builder Unlisted(bool retried)
            {
                var sends = retried ? 1 + Retries : 1;
                return Rows(408, StatusBodies.UnlistedBodies, Fails(SrmErrorKind.Timeout, "SrmRequestTimeout"), sends)
                    .Rows(429, StatusBodies.UnlistedBodies, Fails(SrmErrorKind.RateLimited, "SrmRateLimited"), sends)
                    .Rows(502, StatusBodies.UnlistedBodies, Fails(SrmErrorKind.ServerError, "SrmServiceUnavailable"), sends)
                    .Rows(503, StatusBodies.UnlistedBodies, Fails(SrmErrorKind.ServerError, "SrmServiceUnavailable"), sends)
                    .Rows(504, StatusBodies.UnlistedBodies, Fails(SrmErrorKind.ServerError, "SrmServiceUnavailable"), sends)
                    .Rows(418, StatusBodies.UnlistedBodies, Fails(SrmErrorKind.UnexpectedStatus, "SrmUnexpectedResponse"));
            }
        }
    }

    /// <summary>One call the client makes, as the spec names it; <see cref="Run"/> makes it and describes the typed result.</summary>
    internal sealed class StatusOperation
    {
        public StatusOperation(string method, string specPath, string requestPath, string usedBy, bool pairingErrors, bool needsSession,
            IReadOnlyDictionary<int, string?> specResponses, Func<SrmClient, CancellationToken, Task<string>> run, string? label = null,
            (string Method, string Path, int Status)? answeredBefore = null)
        {
            AnsweredBefore = answeredBefore;
            Method = method;
            SpecPath = specPath;
            RequestPath = requestPath;
            UsedBy = usedBy;
            PairingErrors = pairingErrors;
            NeedsSession = needsSession;
            SpecResponses = specResponses;
            Run = run;
            Name = label ?? method + " " + specPath;
        }

        public string Name { get; }

        public string Method { get; }

        /// <summary>The path as the spec writes it, relative to /api/rest/srm/v2.</summary>
        public string SpecPath { get; }

        /// <summary>The path the client sends (without the query).</summary>
        public string RequestPath { get; }

        public string UsedBy { get; }

        /// <summary>Its errors reach the user through SrmErrors.PairingFromApi rather than SrmErrors.FromApi.</summary>
        public bool PairingErrors { get; }

        public bool NeedsSession { get; }

        /// <summary>The statuses the spec lists, each with the name of its body schema (null: no body).</summary>
        public IReadOnlyDictionary<int, string?> SpecResponses { get; }

        public Func<SrmClient, CancellationToken, Task<string>> Run { get; }

        /// <summary>A request the call sends first, and the status the fake server answers it with (no body).</summary>
        public (string Method, string Path, int Status)? AnsweredBefore { get; }

        public bool Matches(RecordedRequest request) => request.Method.Method == Method && request.ApiPath == RequestPath;

        public override string ToString() => Name;
    }

    /// <summary>One row: an operation, the status and body it is answered with, and what the caller gets.</summary>
    internal sealed class StatusCase
    {
        public StatusCase(StatusOperation operation, int status, StatusBody body, StatusOutcome expected, int sends)
        {
            Operation = operation;
            Status = status;
            Body = body;
            Expected = expected;
            Sends = sends;
        }

        public StatusOperation Operation { get; }

        public int Status { get; }

        public StatusBody Body { get; }

        public StatusOutcome Expected { get; }

        /// <summary>How many times the operation's request is sent (retries and the repeat after a renewal included).</summary>
        public int Sends { get; }

        public string Name => $"{Operation.Name} {Status} {Body.Name}";

        public HttpResponseMessage Response()
        {
            var response = new HttpResponseMessage((HttpStatusCode)Status);
            if (Body.Text != null)
            {
                response.Content = new StringContent(Body.Text, Encoding.UTF8, Body.MediaType);
            }

            return response;
        }

        public override string ToString() => Name + " -> " + Expected;
    }

    /// <summary>What a call gives: a typed result (described), or an error of a kind that users see as an error id.</summary>
    internal sealed class StatusOutcome
    {
        public StatusOutcome(string? result, SrmErrorKind? kind, string? errorId, string? note)
        {
            Result = result;
            Kind = kind;
            ErrorId = errorId;
            Note = note;
        }

        /// <summary>The typed result, described; null when the call fails.</summary>
        public string? Result { get; }

        public SrmErrorKind? Kind { get; }

        /// <summary>The ErrorRecord id the cmdlets give for <see cref="Kind"/>; null when they write no error (see <see cref="Note"/>).</summary>
        public string? ErrorId { get; }

        public string? Note { get; }

        public override string ToString() => Kind == null ? Result ?? string.Empty : $"{Kind} ({ErrorId ?? Note})";
    }

    /// <summary>A response body; <see cref="Deviation"/> says why a JSON body is not meant to match the spec's schema.</summary>
    internal sealed class StatusBody
    {
        public StatusBody(string name, string? text, string? mediaType, string? deviation = null)
        {
            Name = name;
            Text = text;
            MediaType = mediaType;
            Deviation = deviation;
        }

        public string Name { get; }

        /// <summary>The body, or null for none at all.</summary>
        public string? Text { get; }

        public string? MediaType { get; }

        public string? Deviation { get; }

        /// <summary>A JSON body meant to be valid against the spec's schema for its status.</summary>
        public bool IsSchemaValid => Text != null && MediaType == "application/json" && Deviation == null;

        public StatusBody Deviating(string reason) => new StatusBody(Name, Text, MediaType, reason);

        public override string ToString() => Name;
    }

    internal static class StatusBodies
    {
        public static readonly StatusBody Empty = new StatusBody("empty", null, null);

        public static readonly StatusBody Html = new StatusBody("HTML", "<html><body>Bad Gateway</body></html>", "text/html");

        public static readonly StatusBody ResponseError = Json("ResponseError",
            "{\"error_code\":\"SRM_TEST_FAULT\",\"message\":\"The server refused the request.\",\"op_id\":\"" + TestData.OpId + "\"}");

        public static readonly StatusBody RemoteSiteNotAuthenticated = Json("ResponseError REMOTE_SITE_NOT_AUTHENTICATED",
            "{\"error_code\":\"REMOTE_SITE_NOT_AUTHENTICATED\",\"message\":\"Log in to the remote site first.\",\"op_id\":\"" + TestData.OpId + "\"}");

        /// <summary>For a status whose schema is ResponseError.</summary>
        public static readonly IReadOnlyList<StatusBody> ErrorBodies = new[] { ResponseError, Empty, Html };

        /// <summary>For a status the spec gives no body.</summary>
        public static readonly IReadOnlyList<StatusBody> Bare = new[] { Empty, Html };

        /// <summary>For a status the spec does not list: what gateways and rate limiters send.</summary>
        public static readonly IReadOnlyList<StatusBody> UnlistedBodies = new[] { ResponseError.Deviating("not a status the spec lists"), Empty, Html };

        public static readonly StatusBody SessionId = Json("SessionIdData", "{\"session_id\":\"" + StatusTable.RenewedSessionId + "\"}");

        public static readonly StatusBody SessionInfo = Json("SessionInfo", "{\"username\":\"administrator@vsphere.local\"}");

        public static readonly StatusBody RemoteSessionInfo = Json("SessionInfo", "{\"username\":\"remote-admin@vsphere.local\"}");

        public static readonly StatusBody ServerInfo = Json("SrmInfoDrResponseEntity", TestData.ServerInfoJson.TrimEnd('}') + ",\"_meta\":{\"errors\":[]}}");

        private const string Pairing =
            "{\"pairing_id\":\"" + StatusTable.PairingId + "\"," +
            "\"local_vc_server\":{\"id\":\"4b1d4a1e-3c63-4f0b-9b57-5d1c0d3f8e77\",\"url\":\"https://vc-a.example.com:443\",\"name\":\"vc-a.example.com\",\"server_status\":\"OK\",\"version\":\"8.0.3\"}," +
            "\"remote_vc_server\":{\"id\":\"9a8b7c6d-1111-2222-3333-444455556666\",\"url\":\"https://vc-b.example.com:443\",\"name\":\"vc-b.example.com\",\"server_status\":\"OK\",\"version\":\"8.0.3\"}," +
            "\"local_srm_server\":{\"id\":\"7c2f0b7e-6d7a-4c58-8d0e-6f1f5a0e9c11\",\"url\":\"https://srm.test:443\",\"name\":\"srm-a\",\"server_status\":\"OK\",\"version\":\"9.0.2\"}," +
            "\"remote_srm_server\":{\"id\":\"2e4d6f80-1a3c-4b5d-8e7f-9a0b1c2d3e4f\",\"url\":\"https://srm-b.example.com:443\",\"name\":\"srm-b\",\"server_status\":\"WARNING\",\"version\":\"9.0.2\"}";

        public static readonly StatusBody PairingList = Json("PairingDrResponseList",
            "{\"list\":[" + Pairing + "}],\"_meta\":{\"total\":1,\"offset\":0,\"limit\":100}}");

        public static readonly StatusBody PairingEntity = Json("PairingDrResponseEntity", Pairing + ",\"_meta\":{\"errors\":[]}}");

        private const string QueuedTask =
            "{\"id\":\"t-1\",\"description\":\"Create pairing\",\"description_id\":\"com.vmware.dr.pairing.create\",\"entity\":null,\"entity_name\":null," +
            "\"status\":\"QUEUED\",\"progress\":0,\"queued_time\":1764836400000,\"start_time\":null,\"complete_time\":null";

        private const string DoneTask =
            "{\"id\":\"t-1\",\"description\":\"Create pairing\",\"status\":\"SUCCESS\",\"progress\":100," +
            "\"queued_time\":1764836400000,\"start_time\":1764836401000,\"complete_time\":1764836460000";

        public static readonly StatusBody Task = Json("Task", QueuedTask + "}");

        public static readonly StatusBody TaskWithMeta = Json("Task with _meta",
            QueuedTask + ",\"_meta\":{\"errors\":[{\"code\":\"PARTIAL\",\"message\":\"The remote site did not answer.\",\"field\":\"$.result\"}]}}");

        public static readonly StatusBody TaskResultNull = Json("Task result null", DoneTask + ",\"result\":null}");

        public static readonly StatusBody TaskResultString = Json("Task result string", DoneTask + ",\"result\":\"" + StatusTable.PairingId + "\"}")
            .Deviating("result a bare string, as VMware's samples read it");

        public static readonly StatusBody TaskResultObject = Json("Task result object", DoneTask + ",\"result\":{\"pairing_id\":\"" + StatusTable.PairingId + "\"}}");

        public static readonly StatusBody TaskList = Json("TaskDrResponseList", "{\"list\":[" + QueuedTask + "}],\"_meta\":{\"total\":1,\"offset\":0,\"limit\":1}}");

        public static readonly StatusBody TaskListMixed = new StatusBody("TaskDrResponseList mixed",
            "{\"list\":[" + QueuedTask + "}," + DoneTask + ",\"result\":\"" + StatusTable.PairingId + "\"}," + DoneTask + ",\"result\":{\"pairing_id\":\"" + StatusTable.PairingId + "\"}}]}",
            "application/json", "a result that is a bare string, and no _meta");

        private static StatusBody Json(string name, string text) => new StatusBody(name, text, "application/json");
    }
}
