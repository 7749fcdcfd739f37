// The catalog operations the console sends: products, imports from a product page, image uploads.

const PRODUCT = `id title price currency sourceUrl primaryImageUrl createdAt inCatalog origin
  variants { id title color size }`;
const UPLOAD = "id kind originalName contentType width height size url createdAt";

export const PRODUCTS = `query Products($first: Int, $after: String, $search: String) {
  products(first: $first, after: $after, search: $search) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${PRODUCT} } }
  }
}`;
export const PAGE_PRODUCTS = `query PageProducts($first: Int, $after: String) {
  pageProducts(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${PRODUCT} } }
  }
}`;
export const IMPORT_PRODUCT = `mutation ImportProduct($url: String!) { importProduct(url: $url) { ${PRODUCT} } }`;
export const UPLOADS = `query Uploads($first: Int) { uploads(first: $first) { totalCount edges { node { ${UPLOAD} } } } }`;
export const UPLOAD_IMAGE = `mutation UploadImage($file: Upload!, $kind: UploadKind) {
  uploadImage(file: $file, kind: $kind) { ${UPLOAD} }
}`;

// The product page: the product with its variants, previews and listing slots; each variant's generated images
// and folders are read with PRODUCT_VARIANT_IMAGES (one request for every variant).
export const PRODUCT_PAGE = `query ProductPage($id: ID!) {
  product(id: $id) {
    ${PRODUCT} description brand sku availability
    variants { id title color size imageUrl }
    previews { id status progress resultUrl errorMessage color size workId createTime expiresAt }
    listingSlots { id status scheduledAt localTime error account { id name timezone } }
  }
}`;
export const PRODUCT_VARIANT_IMAGES = `query ProductVariantImages($ids: [ID!]!) {
  imageCandidates(variantIds: $ids) { variants { variantId generatedImages { id url createdAt } } }
}`;
export const VARIANT_FOLDERS = `query VariantFolders($variantId: ID!) {
  folders(variantId: $variantId) { id name variantId batchId items { id url } }
}`;

export const UPLOAD_KINDS = [
  { value: "PRODUCT", label: "Product image" },
  { value: "ARTWORK", label: "Artwork" },
  { value: "OTHER", label: "Other" },
];
