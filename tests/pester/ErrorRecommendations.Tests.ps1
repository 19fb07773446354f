# The errors that have a next step to suggest carry it as ErrorDetails.RecommendedAction (shown by the error view as
# "Recommendation:"), while the message shown stays the exception's own.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    # Tasks that outlast a short -Timeout.
    $script:sim = Start-SrmSimulator -TaskDurationMs 60000
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b

    # The recommendation is added to the record, not put in place of its message.
    function script:Assert-MessageKept([System.Management.Automation.ErrorRecord] $ErrorRecord) {
        $ErrorRecord.ErrorDetails.Message | Should -BeNullOrEmpty
        "$ErrorRecord" | Should -Be $ErrorRecord.Exception.Message
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Recommended actions' {
    It 'SrmNotConnected recommends Connect-SrmServer or -Connection' {
        # A new runspace: its own connections, none yet.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-SrmModulePath)).AddStatement()
            $null = $ps.AddCommand('Get-SrmPairing')
            try { $null = $ps.Invoke() } catch { $null = $_ }
            $e = $ps.Streams.Error[-1]
        } finally {
            $ps.Dispose()
        }
        Assert-SrmError $e -ErrorId SrmNotConnected -Category ConnectionError
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*Connect-SrmServer*-Connection*'
        "$e" | Should -BeLike 'There is no SRM connection.*'
        Assert-MessageKept $e
    }

    It 'SrmConnectionClosed recommends connecting again with Connect-SrmServer' {
        $closed = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        Disconnect-SrmServer -Connection $closed
        $e = (Get-ErrorRecord { Get-SrmPairing -Connection $closed })[-1]
        Assert-SrmError $e -ErrorId SrmConnectionClosed -Category ConnectionError
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*Connect-SrmServer*'
        Assert-MessageKept $e
    }

    It 'SrmCertificateNotTrusted recommends -CertificateThumbprint (read by Get-SrmCertificateThumbprint) or -SkipCertificateCheck' {
        $e = (Get-ErrorRecord { Connect-SrmServer -Server $sim.Server -Credential $cred })[-1]
        Assert-SrmError $e -ErrorId SrmCertificateNotTrusted -Category SecurityError
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*-CertificateThumbprint*Get-SrmCertificateThumbprint*-SkipCertificateCheck*'
        Assert-MessageKept $e
    }

    It 'SrmTaskWaitTimeout recommends waiting again with Wait-SrmTask -Id' {
        $null = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $task = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred
        $null = $task | Wait-SrmTask -Timeout 1 -ErrorVariable ev -ErrorAction SilentlyContinue
        Assert-SrmError $ev[0] -ErrorId SrmTaskWaitTimeout -Category OperationTimeout
        $ev[0].ErrorDetails.RecommendedAction | Should -BeLike "*Wait-SrmTask -Id $($task.Id)*"
        Assert-MessageKept $ev[0]
    }
}
