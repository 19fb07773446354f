BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 400
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:c = Get-SrmSimulatorSite vc-c
    $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
    $script:t1 = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred
    $script:t2 = New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $cred
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Get-SrmTask' {
    It 'lists the recent tasks without -Id' {
        $all = Get-SrmTask
        $all.Id | Should -Contain $t1.Id
        $all.Id | Should -Contain $t2.Id
        $all | ForEach-Object { $_ | Should -BeOfType 'Srm.Client.Models.SrmTask' }
    }

    It 'gets tasks by id, positionally, from the pipeline and by property name' {
        (Get-SrmTask $t1.Id).Id | Should -Be $t1.Id
        (Get-SrmTask -Id $t1.Id, $t2.Id).Id | Should -Be @($t1.Id, $t2.Id)
        ($t2 | Get-SrmTask).Id | Should -Be $t2.Id
        ($t1.Id | Get-SrmTask).Id | Should -Be $t1.Id
    }

    It 'feeds Wait-SrmTask: Get-SrmTask | Where-Object Status -ne SUCCESS | Wait-SrmTask' {
        $done = Get-SrmTask | Where-Object Status -ne 'SUCCESS' | Wait-SrmTask
        Get-SrmTask | ForEach-Object { $_.Status | Should -Be 'SUCCESS' }
    }

    It 'maps null times to null and epoch milliseconds to DateTimeOffset' {
        $t = Get-SrmTask -Id $t1.Id
        $t.QueuedTime | Should -BeOfType [DateTimeOffset]
        $t.QueuedTime.Year | Should -Be (Get-Date).ToUniversalTime().Year
    }

    It 'writes SrmNotFound (ObjectNotFound) for an unknown id' {
        $err = Get-ErrorRecord { Get-SrmTask -Id 'no-such-task' }
        Assert-SrmError $err[-1] -ErrorId SrmNotFound -Category ObjectNotFound
        $err[-1].TargetObject | Should -Be 'no-such-task'
    }

    It 'logs in again by itself when the session has expired' {
        $other = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $logins = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session'
        $err = Get-ErrorRecord { Get-SrmTask -Connection $other | Out-Null }
        $err | Should -BeNullOrEmpty
        (Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session') - $logins | Should -Be 1
    }
}

Describe 'Get-SrmTask filters' {
    BeforeAll {
        # Tasks in four states, all pairing creations, in this order: ERROR, CANCELLED, RUNNING (stalled), SUCCESS.
        $script:fsim = Start-SrmSimulator -TaskDurationMs 1500
        $script:fconn = Connect-SrmServer -Server $fsim.Server -Credential $cred -CertificateThumbprint $fsim.Thumbprint -NotDefault
        $bad = Get-SrmTestCredential -Password 'nope'
        $script:tErr = New-SrmPairing -Connection $fconn -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $bad
        $script:tCan = New-SrmPairing -Connection $fconn -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred
        Invoke-SrmSimulatorControl -Simulator $fsim -Path "tasks/$($tCan.Id)/cancel" -Method Post | Out-Null
        $script:tRun = New-SrmPairing -Connection $fconn -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $cred
        Invoke-SrmSimulatorControl -Simulator $fsim -Path "tasks/$($tRun.Id)/stall" -Method Post | Out-Null
        $tErr | Wait-SrmTask -ErrorAction SilentlyContinue | Out-Null
        $script:tOk = New-SrmPairing -Connection $fconn -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred | Wait-SrmTask
        $states = Get-SrmTask -Connection $fconn -Id $tErr.Id, $tCan.Id, $tRun.Id, $tOk.Id
        ($states.Status -join ',') | Should -Be 'ERROR,CANCELLED,RUNNING,SUCCESS'
    }

    AfterAll {
        Disconnect-SrmServer -Connection $script:fconn -ErrorAction SilentlyContinue
        Stop-SrmSimulator -Simulator $script:fsim
    }

    It '-Status with one word returns only the tasks in that state' {
        (Get-SrmTask -Connection $fconn -Status RUNNING).Id | Should -Be @($tRun.Id)
        (Get-SrmTask -Connection $fconn -Status CANCELLED).Id | Should -Be @($tCan.Id)
    }

    It '-Status with two words (any case) returns the tasks in either state, in the server''s order' {
        (Get-SrmTask -Connection $fconn -Status success, Error).Id | Should -Be @($tErr.Id, $tOk.Id)
    }

    It 'completes -Status with the API''s status words' {
        $line = 'Get-SrmTask -Status '
        $words = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $words | Should -Contain 'RUNNING'
        $words | Should -Contain 'CANCELLED'
        { Get-SrmTask -Connection $fconn -Status FAILED } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Srm.PowerShell.Commands.GetSrmTaskCommand'
    }

    It '-DescriptionId returns the tasks with that description id, alone or with -Status' {
        (Get-SrmTask -Connection $fconn -DescriptionId com.vmware.srm.pairing.create).Id | Should -Be @($tErr.Id, $tCan.Id, $tRun.Id, $tOk.Id)
        Get-SrmTask -Connection $fconn -DescriptionId com.vmware.srm.pairing.delete | Should -BeNullOrEmpty
        $both = Get-SrmTask -Connection $fconn -Status CANCELLED -DescriptionId COM.VMWARE.SRM.PAIRING.CREATE -Verbose 4>&1
        ($both | Where-Object { $_ -is [Srm.Client.Models.SrmTask] }).Id | Should -Be @($tCan.Id)
        ($both | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" |
            Should -Match 'filtering on status on the server and on description_id here'
    }

    It '-First returns at most that many, counted after filtering' {
        (Get-SrmTask -Connection $fconn -First 2).Id | Should -Be @($tErr.Id, $tCan.Id)
        (Get-SrmTask -Connection $fconn -Status SUCCESS, RUNNING -First 1).Id | Should -Be @($tRun.Id)
        { Get-SrmTask -Connection $fconn -First 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Srm.PowerShell.Commands.GetSrmTaskCommand'
    }

    It 'cannot combine -Id with the filters' {
        { Get-SrmTask -Connection $fconn -Id $tOk.Id -Status SUCCESS } | Should -Throw -ErrorId 'AmbiguousParameterSet,Srm.PowerShell.Commands.GetSrmTaskCommand'
    }

    It 'filters on the client, saying so, when the server refuses the filter (400)' {
        Invoke-SrmSimulatorControl -Simulator $fsim -Path task-filters -Method Post -Body @{ refused = @('status') } | Out-Null
        try {
            $out = Get-SrmTask -Connection $fconn -Status SUCCESS, CANCELLED -First 1 -Verbose 4>&1
            ($out | Where-Object { $_ -is [Srm.Client.Models.SrmTask] }).Id | Should -Be @($tCan.Id)
            ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" |
                Should -Match 'refused the filter on status .*filtering them here'
            $err = Get-ErrorRecord { Get-SrmTask -Connection $fconn -Status RUNNING | Out-Null }
            $err | Should -BeNullOrEmpty
        }
        finally {
            Invoke-SrmSimulatorControl -Simulator $fsim -Path task-filters -Method Post -Body @{ refused = @() } | Out-Null
        }
    }

    It 'Get-SrmTask -Status RUNNING | Wait-SrmTask waits for the running tasks' {
        Invoke-SrmSimulatorControl -Simulator $fsim -Path "tasks/$($tRun.Id)/cancel" -Method Post | Out-Null
        $new = New-SrmPairing -Connection $fconn -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $cred
        # A new task is QUEUED for the first tenth of its run; wait (bounded) until it runs.
        for ($i = 0; $i -lt 100 -and (Get-SrmTask -Connection $fconn -Id $new.Id).Status -eq 'QUEUED'; $i++) { Start-Sleep -Milliseconds 20 }
        $done = Get-SrmTask -Connection $fconn -Status RUNNING | Wait-SrmTask
        $done.Id | Should -Be @($new.Id)
        $done.Status | Should -Be 'SUCCESS'
        Get-SrmTask -Connection $fconn -Status RUNNING | Should -BeNullOrEmpty
    }
}
