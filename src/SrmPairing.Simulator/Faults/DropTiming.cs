namespace Srm.Simulator.Faults;

/// <summary>When a drop fault aborts the connection.</summary>
public enum DropTiming
{
    /// <summary>Before the request is handled: nothing changes.</summary>
    Before = 1,

    /// <summary>After the request is handled: its effect happened, but the client gets no response.</summary>
    After,
}
