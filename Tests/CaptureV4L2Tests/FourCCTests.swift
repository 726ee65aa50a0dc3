import Testing

@testable import CaptureV4L2

@Suite struct FourCCTests {
    @Test func packsLittleEndianLikeTheKernel() {
        // v4l2_fourcc('Y','U','Y','V') == 0x56595559
        #expect(FourCC.yuyv.rawValue == 0x5659_5559)
        #expect(FourCC.yuyv.description == "YUYV")
        #expect(FourCC("GREY") == .grey)
        #expect(FourCC("GRAY") == .grey)
        #expect(FourCC("YUYVX") == nil)
        #expect(FourCC(rawValue: 0x0000_4142).description == "BA..")
    }

    @Test func capabilitiesTellACameraFromAMetadataNode() {
        #expect(DeviceCapabilities([.videoCapture, .streaming]).isUsableCamera)
        #expect(!DeviceCapabilities([.metadataCapture, .streaming]).isUsableCamera)
        #expect(!DeviceCapabilities([.videoCapture, .readWrite]).isUsableCamera)
    }
}
