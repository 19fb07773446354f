#Requires -Version 7.2
# Wait-SrmTask's progress records, read from the Progress stream of a [powershell] instance.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 2500
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:c = Get-SrmSimulatorSite vc-c

    # Runs Wait-SrmTask on the tasks in a runspace of its own; returns its output, errors and progress records.
    function script:Invoke-Wait {
        param([object[]] $Tasks, [string] $Preference = 'Continue', [string] $Extra = '')
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("param(`$Tasks) Import-Module '$((Get-SrmModulePath).Replace("'", "''"))'; " +
                "`$ProgressPreference = '$Preference'; `$Tasks | Wait-SrmTask $Extra").AddArgument($Tasks)
            $output = $ps.Invoke()
            [pscustomobject]@{
                Output   = @($output)
                Errors   = @($ps.Streams.Error)
                Progress = @($ps.Streams.Progress)
            }
        } finally {
            $ps.Dispose()
        }
    }

    function script:New-Pairing($Site, $Connection) {
        New-SrmPairing -Connection $Connection -RemotePscUrl $Site.PscUrl -RemoteVcGuid $Site.VcGuid -RemoteCredential $cred
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Wait-SrmTask progress' {
    BeforeEach {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
    }

    Context 'two tasks that succeed' {
        BeforeAll {
            Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
            $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
            $script:tasks = @((New-Pairing $b $conn), (New-Pairing $c $conn))
            $script:run = Invoke-Wait -Tasks $tasks
            $script:parent = @($run.Progress | Where-Object ActivityId -eq 1)
            $script:children = @($run.Progress | Where-Object ActivityId -ne 1)
        }

        It 'waits for both' {
            $run.Output.Status | Should -Be @('SUCCESS', 'SUCCESS')
        }

        It 'writes a parent bar (activity 1) that counts finished tasks, "n of 2 finished"' {
            $parent | Should -Not -BeNullOrEmpty
            foreach ($r in $parent) {
                $r.ParentActivityId | Should -Be -1
                $r.StatusDescription | Should -Match '^[0-2] of 2 finished$'
            }
            $parent.StatusDescription | Should -Contain '0 of 2 finished'
            $parent.StatusDescription | Should -Contain '2 of 2 finished'
        }

        It 'writes one bar per task under the parent, with the description and progress as status' {
            @($children.ActivityId | Sort-Object -Unique).Count | Should -Be 2
            foreach ($r in $children) { $r.ParentActivityId | Should -Be 1 }
            $running = @($children | Where-Object RecordType -eq 'Processing')
            $running | Should -Not -BeNullOrEmpty
            foreach ($r in $running) {
                $task = $tasks | Where-Object { $r.Activity -like "*$($_.Id)" }
                $task | Should -Not -BeNullOrEmpty -Because "the activity '$($r.Activity)' names its task"
                $r.StatusDescription | Should -BeLike "$($task.Description)*"
                $r.StatusDescription | Should -Match "\b$($r.PercentComplete)%$"
            }
        }

        It 'completes every bar, the parent last' {
            foreach ($id in @($run.Progress.ActivityId | Sort-Object -Unique)) {
                $last = $run.Progress | Where-Object ActivityId -eq $id | Select-Object -Last 1
                $last.RecordType | Should -Be 'Completed' -Because "activity $id must be completed"
            }
            $run.Progress[-1].ActivityId | Should -Be 1
            $run.Progress[-1].RecordType | Should -Be 'Completed'
        }

        It 'writes a record only when what it shows changes' {
            $keys = $run.Progress | ForEach-Object { '{0}|{1}|{2}' -f $_.ActivityId, $_.RecordType, $_.StatusDescription }
            @($keys | Group-Object | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        }
    }

    It 'completes every bar when the wait times out' {
        $slow = Start-SrmSimulator -TaskDurationMs 60000
        $slowConn = $null
        try {
            $slowConn = Connect-SrmServer -Server $slow.Server -Credential $cred -CertificateThumbprint $slow.Thumbprint -NotDefault
            $tasks = @((New-Pairing $b $slowConn), (New-Pairing $c $slowConn))
            $run = Invoke-Wait -Tasks $tasks -Extra '-Timeout 2'
            @($run.Errors).Count | Should -Be 2
            $ids = @($run.Progress.ActivityId | Sort-Object -Unique)
            $ids.Count | Should -Be 3
            foreach ($id in $ids) {
                ($run.Progress | Where-Object ActivityId -eq $id | Select-Object -Last 1).RecordType | Should -Be 'Completed'
            }
        } finally {
            if ($slowConn) { Disconnect-SrmServer -Connection $slowConn -ErrorAction SilentlyContinue }
            Stop-SrmSimulator -Simulator $slow
        }
    }

    It 'completes the bar of a task the server does not know' {
        $task = New-Pairing $b $conn
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$((Get-SrmModulePath).Replace("'", "''"))'; `$ProgressPreference = 'Continue'; " +
                "Wait-SrmTask -Id '$($task.Id)', 'no-such-task' -Connection `$args[0]").AddArgument($conn)
            $null = $ps.Invoke()
            $ids = @($ps.Streams.Progress.ActivityId | Sort-Object -Unique)
            $ids.Count | Should -Be 3
            foreach ($id in $ids) {
                ($ps.Streams.Progress | Where-Object ActivityId -eq $id | Select-Object -Last 1).RecordType | Should -Be 'Completed'
            }
        } finally {
            $ps.Dispose()
        }
    }

    It 'writes nothing to the Progress stream with $ProgressPreference = <_>' -ForEach 'SilentlyContinue', 'Ignore' {
        $tasks = @((New-Pairing $b $conn), (New-Pairing $c $conn))
        $run = Invoke-Wait -Tasks $tasks -Preference $_
        $run.Output.Status | Should -Be @('SUCCESS', 'SUCCESS')
        $run.Progress | Should -BeNullOrEmpty
    }

    It 'writes nothing to the Progress stream with -ProgressAction SilentlyContinue' {
        $tasks = @((New-Pairing $b $conn))
        $run = Invoke-Wait -Tasks $tasks -Extra '-ProgressAction SilentlyContinue'
        $run.Output.Status | Should -Be 'SUCCESS'
        $run.Progress | Should -BeNullOrEmpty
    }

    It 'puts no progress text into the output of a non-interactive pwsh (a runbook)' {
        # A runbook's task: pair and wait, ProgressPreference left at its default.
        $command = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$((Get-SrmModulePath).Replace("'", "''"))'
`$cred = [pscredential]::new('$($cred.UserName)', (ConvertTo-SecureString '$($cred.GetNetworkCredential().Password)' -AsPlainText -Force))
`$null = Connect-SrmServer -Server '$($sim.Server)' -Credential `$cred -CertificateThumbprint '$($sim.Thumbprint)'
`$task = New-SrmPairing -RemotePscUrl '$($b.PscUrl)' -RemoteVcGuid '$($b.VcGuid)' -RemoteCredential `$cred | Wait-SrmTask
"RESULT `$(`$task.Status)"
"@
        $out = Invoke-SrmChildPwsh -Command $command
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Be @('RESULT SUCCESS')
    }
}
