using Starter.Tests.Api.Fuzzing;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.Http;

/// <summary>
/// Regression: a server may answer before the request's body is all sent (a 413 on its declared
/// length, a 431 on the head) and close. The fuzz test's raw client wrote the whole body before reading, so
/// the close broke its upload ("Broken pipe") and the run failed at random. The early answer is the
/// answer: a client that reads while it sends gets it every time.
/// </summary>
public sealed class EarlyAnswerTests(TestDatabaseServer server)
{
    // Larger than what loopback's socket buffers take in before the server reads: the upload is
    // still going when the answer comes.
    private static readonly byte[] LargeBody = new byte[8 * 1024 * 1024];

    [Theory]
    [InlineData(413, "")]
    [InlineData(431, "X-Padding")]
    public async Task AnAnswerSentWhileTheBodyStillUploads_IsReadEveryTime(int status, string bigHeader)
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = await RunningApp.StartAsync(server.ConnectionStringFor("postgres"));
        List<(string, string)> headers = [("Content-Type", "application/octet-stream")];
        if (bigHeader.Length > 0)
        {
            headers.Add((bigHeader, new string('x', 64 * 1024)));
        }
        var request = new FuzzRequest("early answer", "POST", "/", headers, LargeBody);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var response = await RawHttp.SendAsync(app.Address, request, ct);

            Assert.Equal(status, response.Status);
        }
    }
}
