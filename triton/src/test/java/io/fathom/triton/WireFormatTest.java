package io.fathom.triton;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.fathom.triton.grpc.GRPCInferenceServiceGrpc;
import io.fathom.triton.grpc.InferParameter;
import io.fathom.triton.grpc.ModelInferRequest;
import io.fathom.triton.grpc.ModelInferResponse;
import org.junit.jupiter.api.Test;

/**
 * The project's own .proto against the published KServe v2 protocol: bytes of messages built here,
 * checked field by field against the protocol's field numbers (tag = field number << 3 | wire type,
 * wire type 2 for strings, messages, packed repeated numbers and bytes; 0 for varints).
 */
class WireFormatTest {

    @Test
    void aTextRequestHasThePublishedFieldNumbers() {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName("m")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("t").setDatatype("BYTES")
                        .addShape(1))
                .addRawInputContents(ByteString.copyFrom(new byte[] {7}))
                .build();
        assertThat(request.toByteArray()).containsExactly(
                0x0A, 1, 'm', // model_name = 1
                0x2A, 13, // inputs = 5, a 13-byte message:
                0x0A, 1, 't', //   name = 1
                0x12, 5, 'B', 'Y', 'T', 'E', 'S', //   datatype = 2
                0x1A, 1, 1, //   shape = 3, packed int64 [1]
                0x3A, 1, 7); // raw_input_contents = 7
    }

    @Test
    void parametersAndOutputsHaveThePublishedFieldNumbers() {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("o"))
                .putParameters("k", InferParameter.newBuilder().setInt64Param(3).build())
                .build();
        assertThat(request.toByteArray()).containsExactly(
                0x22, 7, // parameters = 4, a map entry of 7 bytes:
                0x0A, 1, 'k', //   key = 1
                0x12, 2, 0x10, 3, //   value = 2: InferParameter with int64_param = 2 (varint 3)
                0x32, 3, // outputs = 6, a 3-byte message:
                0x0A, 1, 'o'); //   name = 1
        ModelInferResponse response = ModelInferResponse.newBuilder()
                .addRawOutputContents(ByteString.copyFrom(new byte[] {9})).build();
        assertThat(response.toByteArray()).containsExactly(0x32, 1, 9); // raw_output_contents = 6
    }

    @Test
    void methodsAreCalledByTheirPublishedNames() {
        assertThat(GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName())
                .isEqualTo("inference.GRPCInferenceService/ModelInfer");
        assertThat(GRPCInferenceServiceGrpc.getModelMetadataMethod().getFullMethodName())
                .isEqualTo("inference.GRPCInferenceService/ModelMetadata");
        assertThat(GRPCInferenceServiceGrpc.getServerReadyMethod().getFullMethodName())
                .isEqualTo("inference.GRPCInferenceService/ServerReady");
    }
}
