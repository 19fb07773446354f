BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'SrmSpecAlternatives.psm1') -Force
    $alternatives = Get-SrmSpecAlternative
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmSpecAlternatives.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 600
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:c = Get-SrmSimulatorSite vc-c

    function script:New-Pairing($Site) {
        New-SrmPairing -RemotePscUrl $Site.PscUrl -RemoteVcGuid $Site.VcGuid -RemoteCredential $cred
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Wait-SrmTask' {
    BeforeEach {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
    }

    It 'emits a fresh, final snapshot of the task' {
        $task = New-Pairing $b
        $done = $task | Wait-SrmTask
        $done | Should -BeOfType 'Srm.Client.Models.SrmTask'
        $done | Should -Not -Be $task
        $task.Status | Should -BeIn 'QUEUED', 'RUNNING'
        $done.Status | Should -Be 'SUCCESS'
        $done.Status -eq 'SUCCESS' | Should -BeTrue
        $done.Progress | Should -Be 100
        $done.IsFinal | Should -BeTrue
        $done.CompleteTime | Should -BeOfType [DateTimeOffset]
        $done.StartTime | Should -BeLessOrEqual $done.CompleteTime
        $done.Duration | Should -BeOfType [TimeSpan]
    }

    It 'waits for all piped tasks together, polling them with one list request per round' {
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $tasks = @((New-Pairing $b), (New-Pairing $c))
        $single = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /tasks/{taskId}'
        $list = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /tasks'
        $done = $tasks | Wait-SrmTask
        @($done).Count | Should -Be 2
        $done.Status | Should -Be @('SUCCESS', 'SUCCESS')
        (Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /tasks/{taskId}') - $single | Should -Be 0
        (Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /tasks') - $list | Should -BeGreaterThan 0
    }

    It 'leads a finished pairing task to its pairing: (New-SrmPairing ... | Wait-SrmTask).Pairing' {
        $p = (New-Pairing $b | Wait-SrmTask).Pairing
        $p | Should -BeOfType 'Srm.Client.Models.SrmPairing'
        $p.RemoteVcGuid | Should -Be $b.VcGuid
        $p.PairingId | Should -Be (Get-SrmPairing -RemoteVcGuid $b.VcGuid).PairingId
    }

    It 'leads a pairing task to its pairing under <Name>' -ForEach $alternatives {
        Set-SrmSimulatorAlternative -Simulator $sim -Alternatives $Alternatives
        try {
            $task = New-Pairing $c
            $task.Status | Should -BeIn 'QUEUED', 'RUNNING'
            $done = $task | Wait-SrmTask
            $done.Status | Should -Be 'SUCCESS'
            $done.Pairing.RemoteVcGuid | Should -Be $c.VcGuid
            $done.Pairing.PairingId | Should -Be (Get-SrmPairing -RemoteVcGuid $c.VcGuid).PairingId
        } finally {
            Set-SrmSimulatorAlternative -Simulator $sim
        }
    }

    It 'takes the pairing id from the task''s result when the server gives one, also for -Id' {
        Invoke-SrmSimulatorControl -Simulator $sim -Path task-result -Method Post -Body @{ mode = 'pairing-id' } | Out-Null
        try {
            $task = New-Pairing $c
            $done = Wait-SrmTask -Id $task.Id
            $done.Result.pairing_id | Should -Not -BeNullOrEmpty
            $done.Pairing.PairingId | Should -Be $done.Result.pairing_id
            $done.Pairing.RemoteVcGuid | Should -Be $c.VcGuid
        } finally {
            Invoke-SrmSimulatorControl -Simulator $sim -Path task-result -Method Post -Body @{ mode = 'none' } | Out-Null
        }
    }

    It 'leaves Pairing empty for a task that failed' {
        $bad = Get-SrmTestCredential -Password 'nope'
        $done = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $bad | Wait-SrmTask -ErrorAction SilentlyContinue
        $done.Status | Should -Be 'ERROR'
        $done.Pairing | Should -BeNullOrEmpty
    }

    It 'takes task ids with -Id and -Connection, and by property name (TaskId)' {
        $task = New-Pairing $b
        (Wait-SrmTask -Id $task.Id -Connection $conn).Status | Should -Be 'SUCCESS'
        ([pscustomobject]@{ TaskId = $task.Id } | Wait-SrmTask).Id | Should -Be $task.Id
        ($task.Id | Wait-SrmTask).Id | Should -Be $task.Id
    }

    It 'writes a non-terminating SrmTaskFailed error carrying the task''s message and details, targeting the final task' {
        $bad = Get-SrmTestCredential -Password 'nope'
        $task = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $bad
        $done = $task | Wait-SrmTask -ErrorVariable ev -ErrorAction SilentlyContinue
        $done.Status | Should -Be 'ERROR'
        @($ev).Count | Should -Be 1
        Assert-SrmError $ev[0] -ErrorId SrmTaskFailed -Category InvalidResult
        "$($ev[0])" | Should -BeLike "*$($done.Error.Message)*"
        "$($ev[0])" | Should -BeLike "*$($done.Error.Details)*"
        $ev[0].TargetObject | Should -BeOfType 'Srm.Client.Models.SrmTask'
        $ev[0].TargetObject.Status | Should -Be 'ERROR'
    }

    It 'throws with -ErrorAction Stop, as a runbook needs' {
        $bad = Get-SrmTestCredential -Password 'nope'
        $task = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $bad
        { $task | Wait-SrmTask -ErrorAction Stop } | Should -Throw -ErrorId 'SrmTaskFailed,Srm.PowerShell.Commands.WaitSrmTaskCommand'
    }

    It 'reports a CANCELLED task as SrmTaskCancelled (OperationStopped)' {
        $task = New-Pairing $b
        Invoke-SrmSimulatorControl -Simulator $sim -Path "tasks/$($task.Id)/cancel" -Method Post | Out-Null
        $done = $task | Wait-SrmTask -ErrorVariable ev -ErrorAction SilentlyContinue
        $done.Status | Should -Be 'CANCELLED'
        Assert-SrmError $ev[0] -ErrorId SrmTaskCancelled -Category OperationStopped
        $ev[0].TargetObject.Id | Should -Be $task.Id
    }

    It 'gives up after -Timeout with a non-terminating OperationTimeout error holding the last task seen' {
        Disconnect-SrmServer
        $slow = Start-SrmSimulator -TaskDurationMs 60000
        try {
            $conn = Connect-SrmServer -Server $slow.Server -Credential $cred -CertificateThumbprint $slow.Thumbprint
            $task = New-Pairing $b
            $done = $task | Wait-SrmTask -Timeout 1 -ErrorVariable ev -ErrorAction SilentlyContinue
            $done | Should -BeNullOrEmpty
            Assert-SrmError $ev[0] -ErrorId SrmTaskWaitTimeout -Category OperationTimeout
            $ev[0].TargetObject.Id | Should -Be $task.Id
            $ev[0].TargetObject.Status | Should -BeIn 'QUEUED', 'RUNNING'
            Disconnect-SrmServer
        } finally {
            Stop-SrmSimulator -Simulator $slow
        }
    }

    It 'reports an unknown task id as ObjectNotFound and still waits for the others' {
        $task = New-Pairing $b
        $done = Wait-SrmTask -Id $task.Id, 'no-such-task' -ErrorVariable ev -ErrorAction SilentlyContinue
        $done.Id | Should -Be $task.Id
        Assert-SrmError $ev[0] -ErrorId SrmNotFound -Category ObjectNotFound
        "$($ev[0])" | Should -BeLike '*no-such-task*'
    }

    It 'stops at once when the pipeline stops downstream (Select-Object -First)' {
        $tasks = @((New-Pairing $b), (New-Pairing $c))
        $script:reached = $false
        & {
            $script:first = $tasks | Wait-SrmTask | Select-Object -First 1
            $script:reached = $true
        }
        $script:reached | Should -BeTrue -Because 'the statement after the stopped pipeline must still run'
        @($script:first).Count | Should -Be 1
    }
}
