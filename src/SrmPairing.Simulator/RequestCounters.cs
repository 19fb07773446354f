namespace Srm.Simulator;

/// <summary>
/// The request counters of GET /simulator/stats: API requests in all and by endpoint, 429s sent by the rate limiter
/// and fault rules applied. Thread-safe with a lock of its own, so that counting a request never waits for a task or
/// pairing operation.
/// </summary>
public sealed class RequestCounters
{
    private readonly object _lock = new();
    private readonly Dictionary<string, long> _requestsByEndpoint = new(StringComparer.Ordinal);
    private long _requests;
    private long _rateLimited;
    private long _faultsInjected;

    /// <summary>Counts one API request; <paramref name="endpoint"/> is like "GET /tasks/{taskId}".</summary>
    public void RecordRequest(string endpoint)
    {
        lock (_lock)
        {
            _requests++;
            _requestsByEndpoint[endpoint] = _requestsByEndpoint.GetValueOrDefault(endpoint) + 1;
        }
    }

    /// <summary>Counts one 429 sent by the rate limiter.</summary>
    public void RecordRateLimited()
    {
        lock (_lock)
            _rateLimited++;
    }

    /// <summary>Counts one fault rule applied to a request.</summary>
    public void RecordFaultInjected()
    {
        lock (_lock)
            _faultsInjected++;
    }

    /// <summary>The counters at one moment, endpoints in ordinal order.</summary>
    public (long Requests, IReadOnlyDictionary<string, long> RequestsByEndpoint, long RateLimited, long FaultsInjected) Read()
    {
        lock (_lock)
            return (_requests, new SortedDictionary<string, long>(_requestsByEndpoint, StringComparer.Ordinal), _rateLimited, _faultsInjected);
    }

    /// <summary>Sets every counter back to zero.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _requestsByEndpoint.Clear();
            _requests = 0;
            _rateLimited = 0;
            _faultsInjected = 0;
        }
    }
}
