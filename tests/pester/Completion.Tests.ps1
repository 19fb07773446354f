#Requires -Version 7.2
# Tab completion of -Id (recent tasks) and -Connection / Connect-SrmServer -Server (open connections).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 300
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:c = Get-SrmSimulatorSite vc-c

    # What TAB offers at the end of $Line.
    function script:Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }

    # Puts a task into the module's recent-task cache as if a cmdlet had emitted it (for ids the simulator never makes).
    function script:Remember-Task([string] $Id, [string] $Description, $Connection) {
        $task = [SrmPairing.Models.SrmTask]::new($Id, 'RUNNING')
        $task.GetType().GetProperty('Connection').SetValue($task, $Connection)
        $task.GetType().GetProperty('Description').SetValue($task, $Description)
        $cache = [SrmPairing.Commands.WaitSrmTaskCommand].Assembly.GetType('SrmPairing.Commands.SrmRecentTasks', $true)
        $null = $cache.GetMethod('Remember', [System.Reflection.BindingFlags] 'NonPublic, Static').Invoke($null, @($task))
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Completing -Id' {
    BeforeAll {
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $script:t1 = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred
        $script:t2 = New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $cred
    }
    AfterAll {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
    }

    It 'offers the tasks New-SrmPairing emitted, newest first, with the description as tooltip (<_>)' -ForEach 'Wait-SrmTask', 'Get-SrmTask' {
        $m = Complete "$_ -Id "
        $m.CompletionText | Should -Be @($t2.Id, $t1.Id)
        $m[0].ResultType | Should -Be 'ParameterValue'
        $m[0].ListItemText | Should -Be $t2.Id
        $m[0].ToolTip | Should -BeLike "$($t2.Description)*"
        $m[1].ToolTip | Should -BeLike "$($t1.Description)*"
    }

    It 'completes the positional id of Get-SrmTask too' {
        (Complete 'Get-SrmTask ').CompletionText | Should -Contain $t1.Id
    }

    It 'filters by what was typed, as a wildcard, ignoring case' {
        (Complete "Wait-SrmTask -Id $($t1.Id.ToUpperInvariant())").CompletionText | Should -Be @($t1.Id)
        (Complete "Get-SrmTask -Id *$($t2.Id.Substring($t2.Id.Length - 2))").CompletionText | Should -Be @($t2.Id)
        (Complete "Get-SrmTask -Id '$($t1.Id)").CompletionText | Should -Be @($t1.Id)
        Complete 'Wait-SrmTask -Id no-such-' | Should -BeNullOrEmpty
    }

    It 'sends nothing to the server' {
        $before = Get-SrmSimulatorRequestCount -Simulator $sim
        1..5 | ForEach-Object { $null = Complete 'Wait-SrmTask -Id ' }
        # The stats call itself is not an API request.
        Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
    }

    It 'learns the tasks Get-SrmTask and Wait-SrmTask emit, per connection' {
        $other = Connect-SrmServer -Server "localhost:$($sim.Port)" -Credential $cred -SkipCertificateCheck -NotDefault -WarningAction SilentlyContinue
        try {
            Complete 'Wait-SrmTask -Connection $other -Id ' | Should -BeNullOrEmpty
            $null = Get-SrmTask -Id $t1.Id -Connection $other
            (Complete 'Wait-SrmTask -Connection $other -Id ').CompletionText | Should -Be @($t1.Id)
            $null = Wait-SrmTask -Id $t2.Id -Connection $other
            (Complete 'Wait-SrmTask -Connection $other -Id ').CompletionText | Should -Be @($t2.Id, $t1.Id)
            (Complete "Wait-SrmTask -Connection localhost:$($sim.Port) -Id ").CompletionText | Should -Be @($t2.Id, $t1.Id)
        } finally {
            Disconnect-SrmServer -Connection $other
        }
    }

    It 'quotes an id with spaces' {
        Remember-Task -Id 'odd task 1' -Description 'An id with spaces' -Connection $conn
        $m = Complete 'Wait-SrmTask -Id odd'
        $m.CompletionText | Should -Be @("'odd task 1'")
        $m.ListItemText | Should -Be @('odd task 1')
        $m.ToolTip | Should -BeLike 'An id with spaces*'
    }

    It 'shows a description from the server with its control characters made visible, and offers no id holding them' {
        Remember-Task -Id 'ctl-task-1' -Description "Pair `e[2J`r`nVERBOSE: fake" -Connection $conn
        Remember-Task -Id "ctl-task-`e[2J" -Description 'An id with an escape' -Connection $conn
        $m = Complete 'Wait-SrmTask -Id ctl-'
        $m.CompletionText | Should -Be @('ctl-task-1')
        $m[0].ToolTip | Should -Not -Match '[\x00-\x1f]'
        $m[0].ToolTip | Should -Match ([regex]::Escape("Pair $([char] 0x241B)[2J$([char] 0x240D)$([char] 0x240A)VERBOSE: fake"))
    }

    It 'keeps a bounded number of tasks per connection' {
        1..40 | ForEach-Object { Remember-Task -Id "bulk-$_" -Description "Bulk $_" -Connection $conn }
        $m = Complete 'Wait-SrmTask -Id '
        $m.Count | Should -BeLessOrEqual 30
        $m[0].CompletionText | Should -Be 'bulk-40'
        $m.CompletionText | Should -Not -Contain 'bulk-1'
    }

    It 'offers nothing when there is no connection' {
        Disconnect-SrmServer
        Complete 'Wait-SrmTask -Id ' | Should -BeNullOrEmpty
    }
}

Describe 'Completing connections' {
    BeforeAll {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $script:other = Connect-SrmServer -Server "localhost:$($sim.Port)" -Credential $cred -SkipCertificateCheck -NotDefault -WarningAction SilentlyContinue
        $script:withConnection = @(Get-Command -Module SrmPairing | Where-Object { $_.Parameters.ContainsKey('Connection') })
    }
    AfterAll {
        Disconnect-SrmServer -Connection $other -ErrorAction SilentlyContinue
        Disconnect-SrmServer -ErrorAction SilentlyContinue
    }

    It 'covers every cmdlet with -Connection' {
        $withConnection.Name | Sort-Object | Should -Be @('Connect-SrmRemoteSite', 'Disconnect-SrmServer', 'Get-SrmPairing', 'Get-SrmTask', 'New-SrmPairing', 'Remove-SrmPairing', 'Repair-SrmPairing', 'Test-SrmPairing', 'Wait-SrmTask')
    }

    It 'offers the open connections for -Connection of <_>, the default first' -ForEach @(
        'Connect-SrmRemoteSite', 'Disconnect-SrmServer', 'Get-SrmPairing', 'Get-SrmTask', 'New-SrmPairing', 'Remove-SrmPairing', 'Repair-SrmPairing', 'Test-SrmPairing', 'Wait-SrmTask') {
        $m = Complete "$_ -Connection "
        $m[0].CompletionText | Should -Be $conn.ToString()
        # Other test files may leave connections open in this process: look at this simulator's only.
        $m.CompletionText | Where-Object { $_ -like "*:$($sim.Port)" } | Should -Be @($conn.ToString(), $other.ToString())
        $m[0].ToolTip | Should -BeLike "*$($conn.User)*default*"
    }

    It 'offers the open connections for Connect-SrmServer -Server' {
        foreach ($line in 'Connect-SrmServer -Server ', 'Connect-SrmServer ') {
            $texts = (Complete $line).CompletionText
            $texts[0] | Should -Be $conn.ToString()
            $texts | Where-Object { $_ -like "*:$($sim.Port)" } | Should -Be @($conn.ToString(), $other.ToString())
        }
    }

    It 'filters by what was typed, as a wildcard, ignoring case' {
        (Complete 'Get-SrmPairing -Connection LOCAL').CompletionText | Should -Be @($other.ToString())
        (Complete "Get-SrmPairing -Connection *:$($sim.Port)").CompletionText | Should -Be @($conn.ToString(), $other.ToString())
        Complete 'Get-SrmPairing -Connection nowhere' | Should -BeNullOrEmpty
    }

    It 'binds the completed text to that connection' {
        $got = Get-SrmTask -Connection $other.ToString() | Select-Object -First 1
        [object]::ReferenceEquals($got.Connection, $other) | Should -BeTrue
    }

    It 'refuses text that names no open connection' {
        { Get-SrmTask -Connection 'nowhere.example.com' } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,SrmPairing.Commands.GetSrmTaskCommand' -ExpectedMessage '*no open connection to nowhere.example.com*'
    }

    It 'forgets a closed connection' {
        $second = Start-SrmSimulator -TaskDurationMs 300
        try {
            $third = Connect-SrmServer -Server $second.Server -Credential $cred -CertificateThumbprint $second.Thumbprint -NotDefault
            (Complete 'Get-SrmTask -Connection ').CompletionText | Should -Contain $third.ToString()
            Disconnect-SrmServer -Connection $third
            (Complete 'Get-SrmTask -Connection ').CompletionText | Should -Not -Contain $third.ToString()
            (Complete 'Connect-SrmServer -Server ').CompletionText | Should -Not -Contain $third.ToString()
        } finally {
            Stop-SrmSimulator -Simulator $second
        }
    }
}
