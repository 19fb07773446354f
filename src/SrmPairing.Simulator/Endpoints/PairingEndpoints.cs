using System.Text.Json;
using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>GET /pairings, GET /pairings/{pairing_id} and POST /pairings (which queues a pairing task).</summary>
public static class PairingEndpoints
{
    public static void Map(RouteGroupBuilder authenticated, SimulatorState state)
    {
        authenticated.MapGet("/pairings", (HttpRequest request) =>
        {
            if (!ListQuery.TryParse<PairingJson>(request.Query, out var query, out var error))
                return ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest, error);

            var local = state.Sites.Local;
            var all = new List<PairingJson> { local.ToSelfPairingJson<PairingJson>() };
            all.AddRange(state.GetPairings().Select(p => p.ToJson<PairingJson>(local)));
            var page = query.Apply(all, out var total);
            return ApiResults.Json(new PairingListJson
            {
                List = page,
                Meta = new MetadataListJson { Total = total, Offset = query.Offset, Limit = query.Limit },
            });
        });

        authenticated.MapGet("/pairings/{pairing_id}", (string pairing_id) =>
        {
            if (!Guid.TryParse(pairing_id, out var id))
                return ApiResults.NotFound();
            var local = state.Sites.Local;
            if (id == SimulatorState.SelfPairingId)
                return ApiResults.Json(local.ToSelfPairingJson<PairingEntityJson>());
            var pairing = state.GetPairing(id);
            return pairing is null ? ApiResults.NotFound() : ApiResults.Json(pairing.ToJson<PairingEntityJson>(local));
        });

        authenticated.MapPost("/pairings", async (HttpRequest request, CancellationToken ct) =>
        {
            var read = await ReadPairingSpecAsync(request, ct);
            if (!read.TryGet(out var pairingRequest, out var bad))
                return bad;

            var task = state.CreatePairingTask(pairingRequest);
            // The v2 spec answers 202 with a plain Task (no "_meta"); later versions add "_meta" (--task-meta).
            return ApiResults.AcceptedTask(task, state.Behaviour.Alternatives);
        });
    }

    /// <summary>
    /// Reads and checks the syntax of a PairingSpec body (POST /pairings, POST /pairings/{id}/actions/reconnect): the
    /// request, or a 400 ResponseError (BAD_REQUEST for a wrong Content-Type, INVALID_PAIRING_SPEC otherwise).
    /// </summary>
    public static async Task<CheckedBody<PairingRequest>> ReadPairingSpecAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            var given = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type '{request.ContentType}'";
            return CheckedBody<PairingRequest>.Invalid(ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest,
                $"The request body must be a PairingSpec sent as application/json; got {given}."));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length == 0)
            return CheckedBody<PairingRequest>.Invalid(ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.InvalidPairingSpec,
                "The request body is empty; it must be a PairingSpec JSON object."));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            return CheckedBody<PairingRequest>.Invalid(ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.InvalidPairingSpec,
                $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1} of that line)."));
        }

        using (document)
        {
            return PairingSpecParser.TryParse(document.RootElement, out var pairingRequest, out var error)
                ? CheckedBody<PairingRequest>.Valid(pairingRequest)
                : CheckedBody<PairingRequest>.Invalid(ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.InvalidPairingSpec, error));
        }
    }
}
