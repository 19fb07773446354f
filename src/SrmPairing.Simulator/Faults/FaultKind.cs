namespace Srm.Simulator.Faults;

/// <summary>What a fault rule does to a request.</summary>
public enum FaultKind
{
    /// <summary>Delay the response by a number of milliseconds, then handle the request normally.</summary>
    Latency = 1,

    /// <summary>Answer an error status with a ResponseError body without handling the request.</summary>
    Status,

    /// <summary>Abort the connection before or after handling the request.</summary>
    Drop,

    /// <summary>Handle the request, then send a truncated JSON body with 200.</summary>
    Malformed,

    /// <summary>Answer an error status with an HTML page, as a proxy in front of the appliance would.</summary>
    Html,
}
