#Requires -Version 7.2
# The default connection and the list of open connections belong to the runspace (ForEach-Object -Parallel, runspace
# pools); a connection object handed over explicitly works in any runspace.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmTwoSites.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:cred = Get-SrmTestCredential
    $script:modulePath = Get-SrmModulePath
    $script:pair = Start-SrmSitePair -Directory $TestDrive
    # Site A is paired with B; B has no pairing: each site's answer tells the two apart.
    $a = Connect-SrmServer -Server $pair.A.Server -Credential $cred -CertificateThumbprint $pair.A.Thumbprint -NotDefault
    $b = Connect-SrmServer -Server $pair.B.Server -Credential $cred -CertificateThumbprint $pair.B.Thumbprint -NotDefault
    $null = New-SrmPairing -Connection $a -RemoteConnection $b -RemoteCredential $cred | Wait-SrmTask
    Disconnect-SrmServer -Connection $a, $b
    $script:sites = @(
        [pscustomobject]@{ Server = $pair.A.Server; Port = $pair.A.Port; Thumbprint = $pair.A.Thumbprint; SrmName = 'srm-a.example.com'; Paired = @($pair.SiteB.VcGuid) }
        [pscustomobject]@{ Server = $pair.B.Server; Port = $pair.B.Port; Thumbprint = $pair.B.Thumbprint; SrmName = $pair.SiteB.SrmName; Paired = @() }
    )

    function script:Get-LiveSessions($Simulator) {
        [int] (Invoke-SrmSimulatorControl -Simulator $Simulator -Path sessions).live
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:pair.A
    Stop-SrmSimulator -Simulator $script:pair.B
}

Describe 'Connections in parallel runspaces' {
    It 'gives each of ten runspaces its own default connection, completion list and disconnect' {
        $liveA = Get-LiveSessions $pair.A
        $liveB = Get-LiveSessions $pair.B
        $main = Connect-SrmServer -Server $sites[0].Server -Credential $cred -CertificateThumbprint $sites[0].Thumbprint
        $barrier = [System.Threading.Barrier]::new(10)
        try {
            $results = 0..9 | ForEach-Object -ThrottleLimit 10 -Parallel {
                $ErrorActionPreference = 'Stop'
                $ProgressPreference = 'SilentlyContinue'
                Import-Module $using:modulePath
                $site = ($using:sites)[$_ % 2]
                $gate = $using:barrier
                $wait = [TimeSpan]::FromSeconds(60)
                $conn = Connect-SrmServer -Server $site.Server -Credential $using:cred -CertificateThumbprint $site.Thumbprint
                # All ten have connected (each becoming "the default") before any of them uses its default.
                $null = $gate.SignalAndWait($wait)
                $pairings = @(Get-SrmPairing -IncludeSelf)
                $line = 'Get-SrmPairing -Connection '
                $completed = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.ListItemText)
                $null = $gate.SignalAndWait($wait)
                # Runspace 0 closes its default; nobody else's connection may close with it.
                if ($_ -eq 0) { Disconnect-SrmServer }
                $null = $gate.SignalAndWait($wait)
                $after = if ($_ -eq 0) { $null } else { @(Get-SrmPairing -IncludeSelf | Where-Object IsSelf)[0].LocalSrmServer.Name }
                [pscustomobject]@{
                    Index         = $_
                    Site          = $site
                    UsedPort      = @($pairings.Connection.Port | Select-Object -Unique)
                    SelfName      = @($pairings | Where-Object IsSelf)[0].LocalSrmServer.Name
                    PairedWith    = @($pairings | Where-Object { -not $_.IsSelf } | ForEach-Object RemoteVcGuid)
                    Completed     = $completed
                    Mine          = $conn.ToString()
                    StillOpen     = $conn.IsConnected
                    AfterOthersDisconnected = $after
                }
                if ($_ -ne 0) { Disconnect-SrmServer -Connection $conn }
            }
        } finally {
            $barrier.Dispose()
        }

        $results.Count | Should -Be 10
        foreach ($r in $results) {
            $r.UsedPort | Should -Be @($r.Site.Port) -Because "runspace $($r.Index) connected to $($r.Site.Server) only"
            $r.SelfName | Should -Be $r.Site.SrmName -Because "runspace $($r.Index) connected to $($r.Site.SrmName)"
            $r.PairedWith | Should -Be $r.Site.Paired -Because "runspace $($r.Index) sees its own site's pairings"
            $r.Completed | Should -Be @($r.Mine) -Because "runspace $($r.Index) completes its own connection only"
            if ($r.Index -eq 0) {
                $r.StillOpen | Should -BeFalse
            } else {
                $r.StillOpen | Should -BeTrue -Because "runspace 0's Disconnect-SrmServer closed its own connection only"
                $r.AfterOthersDisconnected | Should -Be $r.Site.SrmName
            }
        }

        # The parallel runspaces' connections never became this runspace's default.
        [object]::ReferenceEquals((Get-SrmPairing -IncludeSelf)[0].Connection, $main) | Should -BeTrue
        $main.IsConnected | Should -BeTrue
        Disconnect-SrmServer -Connection $main
        Get-LiveSessions $pair.A | Should -Be $liveA
        Get-LiveSessions $pair.B | Should -Be $liveB
    }

    It 'leaves a runspace that never connected without a default, though this one has one' {
        $main = Connect-SrmServer -Server $sites[0].Server -Credential $cred -CertificateThumbprint $sites[0].Thumbprint
        try {
            $r = 1 | ForEach-Object -UseNewRunspace -Parallel {
                Import-Module $using:modulePath
                $line = 'Get-SrmPairing -Connection '
                [pscustomobject]@{
                    ErrorId   = $(try { $null = Get-SrmPairing -ErrorAction Stop; 'none' } catch { $_.FullyQualifiedErrorId })
                    ByText    = $(try { $null = Get-SrmPairing -Connection ($using:main).ToString() -ErrorAction Stop; 'none' } catch { $_.FullyQualifiedErrorId })
                    Completed = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).Count
                }
            }
            $r.ErrorId | Should -BeLike 'SrmNotConnected,*'
            $r.ByText | Should -BeLike 'ParameterArgumentTransformationError,*' -Because "the text names this runspace's own open connections"
            $r.Completed | Should -Be 0
            $main.IsConnected | Should -BeTrue
        } finally {
            Disconnect-SrmServer -Connection $main
        }
    }

    It 'uses an explicit connection from another runspace ($using:conn), and closes it there' {
        $liveB = Get-LiveSessions $pair.B
        $conn = Connect-SrmServer -Server $sites[1].Server -Credential $cred -CertificateThumbprint $sites[1].Thumbprint -NotDefault
        $r = 1 | ForEach-Object -UseNewRunspace -Parallel {
            $ErrorActionPreference = 'Stop'
            Import-Module $using:modulePath
            $c = $using:conn
            $self = @(Get-SrmPairing -Connection $c -IncludeSelf | Where-Object IsSelf)[0]
            [pscustomobject]@{ SelfName = $self.LocalSrmServer.Name; Same = [object]::ReferenceEquals($self.Connection, $c) }
            Disconnect-SrmServer -Connection $c
        }
        $r.SelfName | Should -Be $sites[1].SrmName
        $r.Same | Should -BeTrue
        $conn.IsConnected | Should -BeFalse
        Get-LiveSessions $pair.B | Should -Be $liveB
    }
}
